"""Representative visitors' answers, keyed by step, as the session stores them."""

# The three checklist pages, each answered "no" to every item.
NO_PRECAUTIONS = {"blood_pressure": "no", "heart": "no", "stroke": "no", "brain_vessels": "no"}
NO_PRECAUTIONS_MIND = {"raised_pressure": "no", "psychosis_mania": "no"}
NO_PRECAUTIONS_BODY = {"pregnancy": "no", "liver": "no", "bladder": "no", "ketamine_reaction": "no"}
NO_CHECKLISTS = {
    "precautions": NO_PRECAUTIONS,
    "precautions-mind": NO_PRECAUTIONS_MIND,
    "precautions-body": NO_PRECAUTIONS_BODY,
}

# An adult with long-standing nerve pain, several treatments tried, low mood, a sleeping tablet
# and a stimulant, no precautions.
CHRONIC_PAIN_VISITOR = {
    "age": "yes",
    "pain-duration": "3_months_or_more",
    "pain-type": ["neuropathic", "crps"],
    "pain-score": "7",
    "pain-interference": "quite_a_lot",
    "pain-cause": ["none"],
    "treatments": ["nsaids", "opioids", "nerve_pain_medicines"],
    "treatment-help": "a_little",
    "ketamine-before": "no",
    "phq-interest": "more_than_half",
    "phq-mood": "several_days",
    "self-harm": "not_at_all",
    "depression-diagnosis": "no",
    "antidepressants": "none",
    "opioids-current": "daily",
    "opioid-worry": "yes",
    "medicines": ["sedatives", "stimulants"],
    "alcohol-drugs": "no",
    **NO_CHECKLISTS,
    "supervised-sessions": "yes",
    "ride-home": "yes",
}

# An adult without ongoing pain or low mood: every conditional step is skipped.
NO_PAIN_VISITOR = {
    "age": "yes",
    "pain-duration": "no",
    "ketamine-before": "no",
    "phq-interest": "not_at_all",
    "phq-mood": "not_at_all",
    "self-harm": "not_at_all",
    "depression-diagnosis": "no",
    "opioids-current": "no",
    "medicines": ["none"],
    "alcohol-drugs": "no",
    **NO_CHECKLISTS,
    "supervised-sessions": "yes",
    "ride-home": "yes",
}

# Depression, thoughts of self-harm, precautions ticked, unsure about medicines and arrangements.
CRISIS_VISITOR = {
    **NO_PAIN_VISITOR,
    "pain-duration": "less_than_3_months",
    "phq-interest": "nearly_every_day",
    "phq-mood": "nearly_every_day",
    "self-harm": "several_days",
    "depression-diagnosis": "yes",
    "antidepressants": "two_or_more",
    "medicines": ["not_sure"],
    "alcohol-drugs": "past",
    "precautions": {**NO_PRECAUTIONS, "heart": "yes"},
    "precautions-body": {**NO_PRECAUTIONS_BODY, "pregnancy": "not_sure"},
    "supervised-sessions": "not_sure",
    "ride-home": "no",
}

# The steps each visitor is asked, in order.
CHRONIC_PAIN_STEPS = list(CHRONIC_PAIN_VISITOR)
NO_PAIN_STEPS = list(NO_PAIN_VISITOR)
