"""The store (database access) and the service layer that owns every state change."""
