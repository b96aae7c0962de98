"""The screener's questions as data: one Step per page, in the order they are asked.

Wording follows the clinical brief (../shared/docs/clinical-brief.md). A new question is one
more entry in STEPS; the views, forms and templates are generic over these definitions.
It is over 400 lines because it is the questions' wording itself, kept in one reviewable place.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

Text = str | Promise
Answers = Mapping[str, Any]


class Kind(StrEnum):
    RADIOS = "radios"  # one answer
    CHECKBOXES = "checkboxes"  # several answers; an exclusive choice stands alone
    CHECKLIST = "checklist"  # several yes / no / not sure items on one page


@dataclass(frozen=True)
class Choice:
    value: str
    label: Text
    hint: Text = ""
    exclusive: bool = False  # "None of these" and the like: cannot be combined with others


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: Text
    hint: Text = ""
    error: Text = ""  # names the item in "Select yes, no or not sure for ..."


@dataclass(frozen=True)
class Step:
    key: str  # also the URL slug: /screener/<key>/
    section: Text  # the part of the screener, shown above the question
    question: Text  # the page's <h1>
    short_label: Text  # how "Check your answers" names this question
    kind: Kind
    error_required: Text  # GOV.UK style: says what to do, not what went wrong
    choices: tuple[Choice, ...] = ()
    items: tuple[ChecklistItem, ...] = ()
    hint: Text = ""
    error_exclusive: Text = ""
    inline: bool = False  # short choices side by side (0 to 10, yes / no)
    # Whether the step is asked, from the answers given so far; None means always.
    condition: Callable[[Answers], bool] | None = None
    depends_on: tuple[str, ...] = ()  # the steps the condition reads
    exits: Mapping[str, str] = field(default_factory=dict)  # answer -> URL name; journey ends
    interrupts: Mapping[str, str] = field(default_factory=dict)  # answer -> URL name; then on

    @cached_property  # read for every step of every walk through the answers
    def values(self) -> frozenset[str]:
        return frozenset(choice.value for choice in self.choices)

    def choice_label(self, value: str) -> Text:
        for choice in self.choices:
            if choice.value == value:
                return choice.label
        return value


YES = Choice("yes", _("Yes"))
NO = Choice("no", _("No"))
NOT_SURE = Choice("not_sure", _("Not sure"))
YES_NO_NOT_SURE = (YES, NO, NOT_SURE)

# The PHQ-2 answer scale (Kroenke, Spitzer & Williams 2003), also used for the self-harm item.
# Spanish: Pfizer's PHQ-9, Spanish for the USA, reproduced as Pfizer allows. A context of its
# own keeps "Not at all" here apart from the other scales' "Not at all".
FREQUENCY_CHOICES = (
    # Translators: PHQ-9 answer in Pfizer's Spanish for the USA: "Ningún día".
    Choice("not_at_all", pgettext_lazy("PHQ-9 answer", "Not at all")),
    # Translators: PHQ-9 answer in Pfizer's Spanish for the USA: "Varios días".
    Choice("several_days", pgettext_lazy("PHQ-9 answer", "Several days")),
    # Translators: PHQ-9 answer in Pfizer's Spanish for the USA: "Más de la mitad de los días".
    Choice("more_than_half", pgettext_lazy("PHQ-9 answer", "More than half the days")),
    # Translators: PHQ-9 answer in Pfizer's Spanish for the USA: "Casi todos los días".
    Choice("nearly_every_day", pgettext_lazy("PHQ-9 answer", "Nearly every day")),
)
FREQUENCY_SCORES = {"not_at_all": 0, "several_days": 1, "more_than_half": 2, "nearly_every_day": 3}
PHQ2_KEYS = ("phq-interest", "phq-mood")
PHQ2_THRESHOLD = 3  # a total of 3 or more is worth talking about with a clinician

CHRONIC_PAIN_ANSWERS = frozenset({"3_months_or_more", "not_sure"})
CURRENT_OPIOID_ANSWERS = frozenset({"daily", "sometimes"})
# Opioids the clinician checks first: taken now, or perhaps taken now ("not sure").
CHECK_FIRST_OPIOID_ANSWERS = frozenset({"daily", "sometimes", "not_sure"})
# Medicines that make you sleepy: taken with opioids and ketamine they can slow breathing
# (esketamine label 7.1; FDA safety communication on gabapentinoids, December 2019).
SEDATING_MEDICINES = frozenset({"sedatives", "gabapentinoids", "muscle_relaxants", "cannabis"})
NO_CHOICE = "none"


def has_chronic_pain(answers: Answers) -> bool:
    return answers.get("pain-duration") in CHRONIC_PAIN_ANSWERS


def phq2_total(answers: Answers) -> int | None:
    """Add the two PHQ-2 items (0 to 6); None until both are answered."""
    scores = [FREQUENCY_SCORES.get(answers.get(key, "")) for key in PHQ2_KEYS]
    if any(score is None for score in scores):
        return None
    return sum(scores)


def _pain_cause_not_named_yet(answers: Answers) -> bool:
    named = set(answers.get("pain-type", ())) & {"cancer", "post_surgical"}
    return has_chronic_pain(answers) and not named


def _treatments_tried(answers: Answers) -> bool:
    tried = answers.get("treatments", ())
    return has_chronic_pain(answers) and bool(tried) and NO_CHOICE not in tried


def low_mood_or_diagnosis(answers: Answers) -> bool:
    total = phq2_total(answers)
    low_mood = total is not None and total >= PHQ2_THRESHOLD
    return low_mood or answers.get("depression-diagnosis") in {"yes", "not_sure"}


def _uses_or_used_opioids(answers: Answers) -> bool:
    current = answers.get("opioids-current") in CURRENT_OPIOID_ANSWERS
    return current or "opioids" in answers.get("treatments", ())


STEPS: tuple[Step, ...] = (
    Step(
        key="age",
        section=_("About you"),
        question=_("Are you 18 or older?"),
        short_label=_("Aged 18 or older"),
        hint=_("These questions are written for adults."),
        kind=Kind.RADIOS,
        choices=(
            Choice("yes", _("Yes, I am 18 or older")),
            Choice("no", _("No, I am under 18")),
        ),
        error_required=_("Select yes if you are 18 or older"),
        exits={"no": "screener:for-adults"},
    ),
    Step(
        key="pain-duration",
        section=_("Your pain"),
        question=_("Have you had pain for 3 months or longer?"),
        short_label=_("Pain for 3 months or longer"),
        hint=_(
            "Pain that lasts 3 months (12 weeks) or more is called chronic pain. "
            "It may come and go."
        ),
        kind=Kind.RADIOS,
        choices=(
            Choice("3_months_or_more", _("Yes, for 3 months or longer")),
            Choice("less_than_3_months", _("Yes, but for less than 3 months")),
            Choice("no", _("No, I do not have ongoing pain")),
            NOT_SURE,
        ),
        error_required=_("Select how long you have had pain"),
    ),
    Step(
        key="pain-type",
        section=_("Your pain"),
        question=_("What kind of pain do you have?"),
        short_label=_("Kind of pain"),
        hint=_("Select all that apply. Choose the closest; your clinician will ask more."),
        kind=Kind.CHECKBOXES,
        choices=(
            Choice(
                "neuropathic",
                _("Nerve pain (neuropathic pain)"),
                _("Often burning, shooting or tingling, for example after shingles or injury"),
            ),
            Choice("fibromyalgia", _("Fibromyalgia")),
            Choice("crps", _("Complex regional pain syndrome (CRPS)")),
            Choice("headache", _("Headaches or migraine")),
            Choice("cancer", _("Pain related to cancer or its treatment")),
            Choice("post_surgical", _("Pain that started after an operation")),
            Choice("other", _("Another kind of pain")),
            Choice("not_sure", _("Not sure"), exclusive=True),
        ),
        error_required=_("Select the kinds of pain you have, or select not sure"),
        error_exclusive=_("Select the kinds of pain you have, or select not sure on its own"),
        condition=has_chronic_pain,
        depends_on=("pain-duration",),
    ),
    Step(
        key="pain-score",
        section=_("Your pain"),
        question=_("Over the last week, how bad has your pain been on average?"),
        short_label=_("Average pain over the last week"),
        hint=_("Choose a number from 0 to 10: 0 is no pain, 10 is the worst pain you can imagine."),
        kind=Kind.RADIOS,
        choices=tuple(Choice(str(score), str(score)) for score in range(11)),
        error_required=_("Select a number from 0 to 10"),
        inline=True,
        condition=has_chronic_pain,
        depends_on=("pain-duration",),
    ),
    Step(
        key="pain-interference",
        section=_("Your pain"),
        question=_("Over the last week, how much has pain got in the way of your daily life?"),
        short_label=_("How much pain gets in the way"),
        hint=_("For example work, sleep, looking after yourself or your home, or seeing people."),
        kind=Kind.RADIOS,
        choices=(
            Choice("not_at_all", _("Not at all")),
            Choice("a_little", _("A little")),
            Choice("moderately", _("Moderately")),
            Choice("quite_a_lot", _("Quite a lot")),
            Choice("extremely", _("Extremely")),
        ),
        error_required=_("Select how much pain has got in the way of your daily life"),
        condition=has_chronic_pain,
        depends_on=("pain-duration",),
    ),
    Step(
        key="pain-cause",
        section=_("Your pain"),
        question=_("Is your pain linked to cancer, or to an operation you have had?"),
        short_label=_("Pain linked to cancer or an operation"),
        hint=_("Select all that apply."),
        kind=Kind.CHECKBOXES,
        choices=(
            Choice("cancer", _("Cancer or its treatment")),
            Choice("surgery", _("An operation (surgery)")),
            Choice(NO_CHOICE, _("No, neither of these"), exclusive=True),
            Choice("not_sure", _("Not sure"), exclusive=True),
        ),
        error_required=_("Select if your pain is linked to cancer or an operation"),
        error_exclusive=_("Select cancer, an operation or both, or select one other answer"),
        condition=_pain_cause_not_named_yet,
        depends_on=("pain-duration", "pain-type"),
    ),
    Step(
        key="treatments",
        section=_("Treatments you have tried"),
        question=_("Which treatments have you tried for your pain?"),
        short_label=_("Treatments tried for pain"),
        hint=_("Select all that apply."),
        kind=Kind.CHECKBOXES,
        choices=(
            Choice(
                "nsaids",
                _("Anti-inflammatory painkillers (NSAIDs)"),
                _("For example ibuprofen, naproxen or diclofenac"),
            ),
            Choice(
                "opioids",
                _("Opioid painkillers"),
                _("For example codeine, tramadol, oxycodone or morphine"),
            ),
            Choice("physical_therapy", _("Physical therapy or physiotherapy")),
            Choice(
                "nerve_pain_medicines",
                _("Medicines for nerve pain"),
                _("For example gabapentin or pregabalin"),
            ),
            Choice(
                "antidepressants_for_pain",
                _("Antidepressants taken for pain"),
                _("For example amitriptyline or duloxetine"),
            ),
            Choice(
                "injections",
                _("Injections or other procedures"),
                _("For example nerve blocks, steroid injections or nerve ablation"),
            ),
            Choice(
                "psychological",
                _("Psychological therapy"),
                _("For example cognitive behavioral therapy (CBT) or a pain management program"),
            ),
            Choice(NO_CHOICE, _("None of these"), exclusive=True),
        ),
        error_required=_("Select the treatments you have tried, or select none of these"),
        error_exclusive=_(
            "Select the treatments you have tried, or select none of these on its own"
        ),
        condition=has_chronic_pain,
        depends_on=("pain-duration",),
    ),
    Step(
        key="treatment-help",
        section=_("Treatments you have tried"),
        question=_("How much have these treatments helped your pain?"),
        short_label=_("How much treatments helped"),
        hint=_("Think of the treatment that helped most. Your clinician will ask about each one."),
        kind=Kind.RADIOS,
        choices=(
            Choice("a_lot", _("A lot")),
            Choice("somewhat", _("Somewhat")),
            Choice("a_little", _("A little")),
            Choice("not_at_all", _("Not at all")),
            NOT_SURE,
        ),
        error_required=_("Select how much the treatments have helped"),
        condition=_treatments_tried,
        depends_on=("pain-duration", "treatments"),
    ),
    # Asked of everyone: an earlier response, an earlier bad reaction, or earlier misuse all
    # shape the assessment (clinical review, December 2026, H2f).
    Step(
        key="ketamine-before",
        section=_("Treatments you have tried"),
        question=_("Have you had ketamine or esketamine before, for any reason?"),
        short_label=_("Had ketamine or esketamine before"),
        hint=_(
            "For example as a treatment for pain or mood, to put you to sleep for an operation, "
            "in an emergency, or not as a medicine. Esketamine is a nasal spray called Spravato."
        ),
        kind=Kind.RADIOS,
        choices=YES_NO_NOT_SURE,
        error_required=_("Select yes if you have had ketamine or esketamine before"),
    ),
    # Spanish: Pfizer's PHQ-9, Spanish for the USA, reproduced as Pfizer allows.
    Step(
        key="phq-interest",
        section=_("Your mood"),
        # Translators: PHQ-9 stem and item in one question. Keep the words of Pfizer's PHQ-9,
        # Spanish for the USA: "Durante las últimas 2 semanas, ¿qué tan seguido ha tenido
        # molestias debido a este problema?" followed by the item as Pfizer words it.
        question=_(
            "Over the last 2 weeks, how often have you been bothered by having little "
            "interest or pleasure in doing things?"
        ),
        # Translators: PHQ-9 item in Pfizer's published wording (Spanish for the USA).
        short_label=_("Little interest or pleasure in doing things"),
        kind=Kind.RADIOS,
        choices=FREQUENCY_CHOICES,
        error_required=_("Select how often you have had little interest or pleasure"),
    ),
    # Spanish: Pfizer's PHQ-9, Spanish for the USA, reproduced as Pfizer allows.
    Step(
        key="phq-mood",
        section=_("Your mood"),
        # Translators: PHQ-9 stem and item in one question. Keep the words of Pfizer's PHQ-9,
        # Spanish for the USA: "Durante las últimas 2 semanas, ¿qué tan seguido ha tenido
        # molestias debido a este problema?" followed by the item as Pfizer words it.
        question=_(
            "Over the last 2 weeks, how often have you been bothered by feeling down, "
            "depressed or hopeless?"
        ),
        # Translators: PHQ-9 item in Pfizer's published wording (Spanish for the USA).
        short_label=_("Feeling down, depressed or hopeless"),
        kind=Kind.RADIOS,
        choices=FREQUENCY_CHOICES,
        error_required=_("Select how often you have felt down, depressed or hopeless"),
    ),
    # Asked of everyone: gating it behind the PHQ-2 would miss many people who need help.
    # Spanish: Pfizer's PHQ-9 (item 9), Spanish for the USA, reproduced as Pfizer allows.
    Step(
        key="self-harm",
        section=_("Your mood"),
        # Translators: PHQ-9 stem and item in one question. Keep the words of Pfizer's PHQ-9,
        # Spanish for the USA: "Durante las últimas 2 semanas, ¿qué tan seguido ha tenido
        # molestias debido a este problema?" followed by the item as Pfizer words it.
        question=_(
            "Over the last 2 weeks, how often have you been bothered by thoughts that you "
            "would be better off dead, or of hurting yourself in some way?"
        ),
        # Translators: PHQ-9 item in Pfizer's published wording (Spanish for the USA).
        short_label=_("Thoughts of being better off dead or of hurting yourself in some way"),
        hint=_("We ask everyone this question."),
        kind=Kind.RADIOS,
        choices=FREQUENCY_CHOICES,
        error_required=_("Select how often you have had these thoughts"),
        interrupts={
            choice.value: "screener:support"
            for choice in FREQUENCY_CHOICES
            if choice.value != "not_at_all"
        },
    ),
    Step(
        key="depression-diagnosis",
        section=_("Your mood"),
        question=_(
            "Has a doctor or other health professional ever told you that you have depression?"
        ),
        short_label=_("Told by a health professional you have depression"),
        kind=Kind.RADIOS,
        choices=YES_NO_NOT_SURE,
        error_required=_("Select yes, no or not sure"),
    ),
    Step(
        key="antidepressants",
        section=_("Your mood"),
        question=_("How many different antidepressant medicines have you tried for your mood?"),
        short_label=_("Antidepressants tried for mood"),
        hint=_(
            "Count each one you took for several weeks or longer. Do not count medicines "
            "taken only for pain."
        ),
        kind=Kind.RADIOS,
        choices=(
            Choice("none", _("None")),
            Choice("one", _("1")),
            Choice("two_or_more", _("2 or more")),
            NOT_SURE,
        ),
        error_required=_("Select how many antidepressants you have tried"),
        condition=low_mood_or_diagnosis,
        depends_on=(*PHQ2_KEYS, "depression-diagnosis"),
    ),
    Step(
        key="opioids-current",
        section=_("Medicines, alcohol and drugs"),
        question=_("Are you taking opioid painkillers at the moment?"),
        short_label=_("Taking opioid painkillers now"),
        hint=_("For example codeine, tramadol, hydrocodone, oxycodone, morphine or fentanyl."),
        kind=Kind.RADIOS,
        choices=(
            Choice("daily", _("Yes, every day or most days")),
            Choice("sometimes", _("Yes, now and then")),
            NO,
            NOT_SURE,
        ),
        error_required=_("Select if you are taking opioid painkillers at the moment"),
    ),
    Step(
        key="opioid-worry",
        section=_("Medicines, alcohol and drugs"),
        question=_("Are you worried about becoming dependent on opioid painkillers?"),
        short_label=_("Worried about opioid dependence"),
        hint=_(
            "Dependence means your body has got used to a medicine, so stopping it suddenly "
            "causes withdrawal symptoms."
        ),
        kind=Kind.RADIOS,
        choices=(YES, Choice("a_little", _("A little")), NO, NOT_SURE),
        error_required=_("Select if you are worried about becoming dependent on opioids"),
        condition=_uses_or_used_opioids,
        depends_on=("treatments", "opioids-current"),
    ),
    # Asked of every adult. The esketamine label: other sedating medicines add to its sedation
    # and slowed breathing; stimulants and MAO inhibitors can raise blood pressure further.
    Step(
        key="medicines",
        section=_("Medicines, alcohol and drugs"),
        question=_("Are you taking any of these?"),
        short_label=_("Medicines you are taking"),
        hint=_(
            "Select all that apply, including medicines you take only now and then. "
            "Your clinician will ask about all your medicines."
        ),
        kind=Kind.CHECKBOXES,
        choices=(
            Choice(
                "sedatives",
                _("Benzodiazepines, sleeping tablets or other medicines for anxiety or sleep"),
                _("For example lorazepam, alprazolam, diazepam or zolpidem"),
            ),
            Choice(
                "gabapentinoids",
                _("Gabapentin or pregabalin, taken now"),
                _("Also called Neurontin or Lyrica, often taken for nerve pain"),
            ),
            Choice(
                "muscle_relaxants",
                _("Muscle relaxants"),
                _("For example cyclobenzaprine, tizanidine, baclofen or methocarbamol"),
            ),
            Choice(
                "cannabis",
                _("Cannabis or CBD"),
                _("Smoked, vaped, eaten or as oil, with or without a prescription"),
            ),
            Choice(
                "stimulants",
                _("Stimulants, for example for ADHD or to stay awake"),
                _("For example methylphenidate, amphetamines, modafinil or armodafinil"),
            ),
            Choice(
                "maois",
                _("MAO inhibitor antidepressants (MAOIs)"),
                _("For example phenelzine, tranylcypromine or selegiline"),
            ),
            Choice(
                "lamotrigine",
                _("Lamotrigine"),
                _("Also called Lamictal, taken for seizures or for mood"),
            ),
            Choice(
                "other",
                _("Another medicine for mood, seizures or sleep"),
                _("For example another antidepressant, a mood stabilizer or a seizure medicine"),
            ),
            Choice(NO_CHOICE, _("None of these"), exclusive=True),
            Choice("not_sure", _("Not sure"), exclusive=True),
        ),
        error_required=_("Select the medicines you are taking, or select none of these"),
        error_exclusive=_(
            "Select the medicines you are taking, or select none of these or not sure on its own"
        ),
    ),
    Step(
        key="alcohol-drugs",
        section=_("Medicines, alcohol and drugs"),
        question=_("Have you ever had problems with alcohol or drugs?"),
        short_label=_("Problems with alcohol or drugs"),
        hint=_(
            "This includes prescription medicines taken other than as prescribed. "
            "Clinicians ask everyone this, because it affects which treatments are safe."
        ),
        kind=Kind.RADIOS,
        choices=(
            Choice("current", _("Yes, at the moment")),
            Choice("past", _("Yes, in the past but not now")),
            NO,
            Choice("rather_not_say", _("I would rather not say")),
        ),
        error_required=_("Select if you have ever had problems with alcohol or drugs"),
    ),
    # The label's and the guidelines' precautions, split into three pages by part of the body
    # (GOV.UK: one thing per page): ten rows of yes / no / not sure on one page invite "no" to
    # all. The first keeps the key "precautions" that earlier sessions and links use.
    Step(
        key="precautions",
        section=_("Your health"),
        question=_("Do any of these heart or blood vessel conditions apply to you?"),
        short_label=_("Heart and blood vessels"),
        hint=_("Answer each one. If you do not know, choose not sure: your clinician can check."),
        kind=Kind.CHECKLIST,
        choices=YES_NO_NOT_SURE,
        items=(
            ChecklistItem(
                "blood_pressure",
                _("High blood pressure that is not well controlled"),
                error=_("Select yes, no or not sure for high blood pressure"),
            ),
            # The esketamine Medication Guide's heart problems include chest pain (angina) and
            # heart valve disease; its warnings (5.7) cover heart and brain blood vessel disease.
            ChecklistItem(
                "heart",
                _("Serious heart disease"),
                _(
                    "For example a recent heart attack, heart failure, an irregular heartbeat, "
                    "chest pain (angina) or heart valve disease"
                ),
                error=_("Select yes, no or not sure for serious heart disease"),
            ),
            ChecklistItem(
                "stroke",
                _("A stroke or a mini-stroke (TIA)"),
                _(
                    "A mini-stroke, or transient ischemic attack (TIA), is like a stroke but the "
                    "signs pass within a day."
                ),
                error=_("Select yes, no or not sure for a stroke or mini-stroke"),
            ),
            # As the esketamine label puts it: aneurysmal vascular disease anywhere (the aorta,
            # the arteries of the brain and limbs), an AVM, or a past bleed in the brain.
            ChecklistItem(
                "brain_vessels",
                _(
                    "An aneurysm anywhere in the body, an arteriovenous malformation (AVM) or a "
                    "past bleed in the brain"
                ),
                _(
                    "An aneurysm is a bulge in a blood vessel, for example in the brain, the "
                    "aorta in the chest or belly, or an arm or leg. An AVM is a tangle of blood "
                    "vessels."
                ),
                error=_("Select yes, no or not sure for an aneurysm, AVM or bleed in the brain"),
            ),
        ),
        error_required=_("Select yes, no or not sure for each one"),
    ),
    Step(
        key="precautions-mind",
        section=_("Your health"),
        question=_("Do any of these brain, eye or mental health conditions apply to you?"),
        short_label=_("Brain, eyes and mental health"),
        hint=_("Answer each one. If you do not know, choose not sure: your clinician can check."),
        kind=Kind.CHECKLIST,
        choices=YES_NO_NOT_SURE,
        items=(
            ChecklistItem(
                "raised_pressure",
                _("Raised pressure inside the head or in the eye"),
                _("For example after a brain injury, or glaucoma"),
                error=_("Select yes, no or not sure for raised pressure in the head or eye"),
            ),
            # "Bipolar" named: people with bipolar II often do not recognise "mania".
            ChecklistItem(
                "psychosis_mania",
                _(
                    "Bipolar disorder, psychosis, schizophrenia, or a past spell of mania or "
                    "hypomania"
                ),
                _(
                    "Psychosis means seeing or hearing things that others do not, or holding "
                    "beliefs others do not share. Mania or hypomania is a spell of very high or "
                    "irritable mood, with lots of energy and little need for sleep."
                ),
                error=_(
                    "Select yes, no or not sure for bipolar disorder, psychosis, schizophrenia "
                    "or mania"
                ),
            ),
        ),
        error_required=_("Select yes, no or not sure for each one"),
    ),
    Step(
        key="precautions-body",
        section=_("Your health"),
        question=_("Do any of these other things apply to you?"),
        short_label=_("Pregnancy, liver, bladder and past reactions"),
        hint=_("Answer each one. If you do not know, choose not sure: your clinician can check."),
        kind=Kind.CHECKLIST,
        choices=YES_NO_NOT_SURE,
        items=(
            ChecklistItem(
                "pregnancy",
                _("Pregnant, breastfeeding, or trying to become pregnant"),
                error=_("Select yes, no or not sure for pregnancy or breastfeeding"),
            ),
            ChecklistItem(
                "liver",
                _("Severe liver disease"),
                _("For example cirrhosis"),
                error=_("Select yes, no or not sure for severe liver disease"),
            ),
            # The esketamine label warns of cystitis; the FDA (October 2023) of urinary and
            # bladder symptoms with compounded ketamine.
            ChecklistItem(
                "bladder",
                _("Bladder problems, such as interstitial cystitis or pain when passing urine"),
                error=_("Select yes, no or not sure for bladder problems"),
            ),
            ChecklistItem(
                "ketamine_reaction",
                _("A bad reaction to ketamine or esketamine in the past, including an allergy"),
                _("Including ketamine given for an operation or in an emergency"),
                error=_("Select yes, no or not sure for a past reaction to ketamine or esketamine"),
            ),
        ),
        error_required=_("Select yes, no or not sure for each one"),
    ),
    Step(
        key="supervised-sessions",
        section=_("Practical arrangements"),
        question=_(
            "Could you come to the clinic for treatment sessions, and stay afterwards while "
            "staff watch over you, usually for about 2 hours?"
        ),
        short_label=_("Able to attend supervised sessions"),
        hint=_(
            "Ketamine is given in a medical setting. Staff check your blood pressure and how "
            "you feel until it is safe for you to leave."
        ),
        kind=Kind.RADIOS,
        choices=YES_NO_NOT_SURE,
        error_required=_("Select yes, no or not sure"),
    ),
    Step(
        key="ride-home",
        section=_("Practical arrangements"),
        question=_("Could someone take you home after each session?"),
        short_label=_("Someone to take you home"),
        # The clinic gives ketamine by infusion: the ketamine injection information's rule
        # (24 hours), not the esketamine nasal spray's (the next day, after a night's sleep).
        hint=_(
            "After an infusion you must not drive, cycle or use machinery for at least 24 hours, "
            "and not until you have slept."
        ),
        kind=Kind.RADIOS,
        choices=YES_NO_NOT_SURE,
        error_required=_("Select yes, no or not sure"),
    ),
)

STEPS_BY_KEY: dict[str, Step] = {step.key: step for step in STEPS}
# The checklist pages, in order: any "yes" or "not sure" is for the clinician to check first.
PRECAUTION_STEPS: tuple[Step, ...] = tuple(step for step in STEPS if step.kind is Kind.CHECKLIST)
