"""Open factions: membership, the bulletin, member votes, endorsements and minority reports."""
