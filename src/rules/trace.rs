//! What `explain` prints (placeholder).
