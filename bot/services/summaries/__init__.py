"""Thread summaries (offline or through an LLM), summary consent, speakers' stacks and the
pile-on guard."""
