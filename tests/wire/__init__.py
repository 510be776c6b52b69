"""The real CaucusBot against the wire-level FakeDiscord: what Discord itself would see."""
