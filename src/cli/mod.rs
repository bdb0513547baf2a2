//! Subcommands, configuration, exit codes and terminal output.
