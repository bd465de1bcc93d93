"""State-changing actions (`do_*`) on cases. Each runs in one transaction and records itself on the
case's timeline; each assumes the caller has authorised the acting user (cases.access)."""
