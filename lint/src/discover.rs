//! Finding the files to lint: cargo packages or plain paths.
