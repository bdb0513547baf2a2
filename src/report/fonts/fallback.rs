//! `FallbackFont`: a font file from the config (`[report] fallback_fonts`) for characters the
//! bundled DejaVu faces lack, such as CJK; and the scope in which layout measures with them.
//!
//! The command line reads the file and hands the bytes in; this module only checks that they
//! are a font and keeps its metrics. Layout measures through `fonts::metrics`, called from
//! some forty places; rather than thread the run's fallback fonts through every one of them,
//! `Renderer` installs them for the current thread while it lays a document out
//! (`with_fallbacks`), and the scope ends with the call. Nothing else reads them implicitly.

use std::cell::RefCell;
use std::sync::Arc;

use crate::report::fonts::metrics::FaceMetrics;

/// A configured fallback font: its name for messages, its bytes and its metrics.
#[derive(Clone)]
pub struct FallbackFont {
    name: String,
    bytes: Arc<[u8]>,
    metrics: Arc<FaceMetrics>,
}

impl std::fmt::Debug for FallbackFont {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FallbackFont")
            .field("name", &self.name)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

impl FallbackFont {
    /// Checks that `bytes` are a TrueType or OpenType font mapping Unicode characters; `name`
    /// (the file as the user named it) is kept for messages.
    pub fn parse(name: impl Into<String>, bytes: Vec<u8>) -> Result<FallbackFont, String> {
        let metrics = FaceMetrics::parse(&bytes)?;
        Ok(FallbackFont {
            name: name.into(),
            bytes: bytes.into(),
            metrics: Arc::new(metrics),
        })
    }

    /// The file as the user named it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The font file's bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The font's metrics.
    pub fn metrics(&self) -> &FaceMetrics {
        &self.metrics
    }
}

thread_local! {
    /// The fallback fonts of the document being laid out on this thread, if any.
    static FALLBACKS: RefCell<Option<Arc<[FallbackFont]>>> = const { RefCell::new(None) };
}

/// Runs `f` with `fonts` as the fallback fonts that `fonts::metrics` measures with on this
/// thread; the previous ones are back when it returns (or unwinds).
pub fn with_fallbacks<R>(fonts: &Arc<[FallbackFont]>, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<Arc<[FallbackFont]>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            FALLBACKS.with(|slot| *slot.borrow_mut() = previous);
        }
    }
    // No fonts is stored as `None`, so measuring without fallbacks (the usual case) costs no
    // reference count per call.
    let installed = (!fonts.is_empty()).then(|| fonts.clone());
    let _restore = Restore(FALLBACKS.with(|slot| slot.replace(installed)));
    f()
}

/// The fallback fonts installed on this thread (`None` outside `with_fallbacks`, or when
/// none are configured).
pub fn current_fallbacks() -> Option<Arc<[FallbackFont]>> {
    FALLBACKS.with(|slot| slot.borrow().clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fallbacks_are_scoped_to_the_call() {
        let serif = FallbackFont::parse("serif.ttf", dejavu::serif::regular().to_vec()).unwrap();
        let fonts: Arc<[FallbackFont]> = Arc::from(vec![serif]);
        assert!(current_fallbacks().is_none());
        let inside = with_fallbacks(&fonts, || current_fallbacks().map(|f| f.len()));
        assert_eq!(inside, Some(1));
        assert!(current_fallbacks().is_none());
        let err = FallbackFont::parse("x.ttf", b"plain text".to_vec()).unwrap_err();
        assert!(err.contains("not a TrueType"), "{err}");
    }
}
