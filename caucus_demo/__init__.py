"""The real Caucus bot on a local fake Discord: the `caucus demo` session and the wire tests' stage.

`stage` builds a configured branch in a FakeDiscord and runs the real CaucusBot against it;
`scenes` is the scripted session `caucus demo` plays, one scene per feature.
"""
