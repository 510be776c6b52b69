"""Votes and elections: creating and scheduling them, nominations, casting (secret or roll
call), closing with the count and the published ballot file, and tracker checks."""
