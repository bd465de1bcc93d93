"""Officer web pages. Views are thin: authorise with cases.access, call one action, redirect."""
