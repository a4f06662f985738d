"""Field history of domain records: who changed what, when, through which channel."""
