"""Integrations with SDKs that send task attributes. Each module imports its SDK; this package imports none."""
