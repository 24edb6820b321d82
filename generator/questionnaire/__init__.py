"""The interactive questionnaire: declarative definitions, typed prompts, resumable sessions."""
