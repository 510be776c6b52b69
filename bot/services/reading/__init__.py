"""The reading program's services: the plan and its schedule, posting, responses, prompts."""
