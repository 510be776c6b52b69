"""Discord's official OpenAPI description of HTTP API v10 (MIT, see LICENSE and SOURCE here)."""
