"""The office pages. Views are thin: authorise with cases.access, read through selectors, render."""
