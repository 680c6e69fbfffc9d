"""The audit trail page: who changed what, and the chain's check."""
