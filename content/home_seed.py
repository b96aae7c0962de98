"""The home page's text as it stood in templates/content/home.html and its Spanish translation
when the home page became a record staff edit (issue 25): what migration 0010 writes, and what
the site shows if the row is missing. Staff change it in the admin, through review."""

HOME_PAGE_SEED = {
    "headline": ("Ketamine therapy for chronic pain and depression"),
    "headline_es": ("Terapia con ketamina para el dolor crónico y la depresión"),
    "lead": (
        "{clinic_name} offers assessment and supervised ketamine therapy for adults with "
        "long-term pain, and for depression that has not improved with other treatments."
    ),
    "lead_es": (
        "{clinic_name} ofrece evaluación y terapia con ketamina bajo supervisión para "
        "adultos con dolor de larga duración, y para la depresión que no ha mejorado con "
        "otros tratamientos."
    ),
    "intro": (
        "Find out what ketamine therapy involves, what the evidence says and what its "
        "side effects are. When you are ready, prepare for a conversation with one of our"
        " clinicians."
    ),
    "intro_es": (
        "Infórmese sobre qué incluye la terapia con ketamina, qué dicen los estudios y "
        "cuáles son sus efectos secundarios. Cuando lo desee, prepárese para hablar con "
        "uno de nuestros profesionales de salud."
    ),
    "call_to_action": ("Prepare for your appointment"),
    "call_to_action_es": ("Prepárese para su cita"),
    "what_we_offer": (
        "- An assessment with a clinician, who looks at your health, your medicines and "
        "the treatments you have tried.\n- Low-dose ketamine infusions, given in the "
        "clinic by trained staff, when you and your clinician decide they are worth "
        "trying.\n- Monitoring during and after every treatment, and regular reviews of "
        "whether it is helping.\n"
    ),
    "what_we_offer_es": (
        "- Una evaluación con un profesional de salud, que revisa su salud, sus "
        "medicamentos y los tratamientos que ha probado.\n- Infusiones de ketamina en "
        "dosis bajas, que el personal capacitado le da en la clínica, cuando usted y su "
        "profesional de salud deciden que vale la pena probarlas.\n- Vigilancia durante y "
        "después de cada tratamiento, y revisiones regulares para ver si le está "
        "ayudando.\n"
    ),
    "key_facts": (
        "- Chronic pain is pain that lasts 3 months or longer. It affects about 1 in 5 "
        "adults in the US (Rikard et al., 2023).\n- Ketamine is not usually a first "
        "treatment. It may be considered when other treatments have not helped enough.\n- "
        "For pain, the best evidence is for short-term relief in complex regional pain "
        "syndrome (CRPS). Apart from CRPS, there is no evidence that ketamine infusions "
        "give lasting pain relief (Cohen et al., 2018).\n- Ketamine infusions for pain or "
        "depression are off-label: the FDA has approved ketamine as an anesthetic, not "
        "for these uses (Ketalar prescribing information, revised 10/2024).\n- Treatment "
        "is given in the clinic only. After it, staff watch you, usually for about 2 "
        "hours. Do not drive for at least 24 hours after an infusion (Ketalar prescribing"
        " information, revised 10/2024).\n- Side effects can include feeling detached, "
        "sleepiness, feeling sick, dizziness, trouble thinking for some hours, and a rise"
        " in heart rate and blood pressure. Slowed breathing is serious, so staff watch "
        "your breathing (Spravato and Ketalar prescribing information).\n"
    ),
    "key_facts_es": (
        "- El dolor crónico es un dolor que dura 3 meses o más. Afecta a cerca de 1 de "
        "cada 5 adultos en los Estados Unidos (Rikard et al., 2023).\n- Por lo general, la"
        " ketamina no es el primer tratamiento. Se puede considerar cuando otros "
        "tratamientos no han ayudado lo suficiente.\n- Para el dolor, la mejor evidencia "
        "es de alivio a corto plazo en el síndrome de dolor regional complejo (SDRC, o "
        "CRPS en inglés). Fuera del SDRC, no hay evidencia de que las infusiones de "
        "ketamina den un alivio del dolor que dure (Cohen et al., 2018).\n- Las infusiones"
        " de ketamina para el dolor o la depresión son de uso «off-label» (fuera de la "
        "etiqueta): la FDA aprobó la ketamina como anestésico, no para estos usos "
        "(información de prescripción de Ketalar, revisada 10/2024).\n- El tratamiento "
        "solo se da en la clínica. Después, el personal está pendiente de usted, por lo "
        "general durante unas 2 horas. No maneje durante al menos 24 horas después de una"
        " infusión (información de prescripción de Ketalar, revisada 10/2024).\n- Los "
        "efectos secundarios pueden incluir sentirse separado del cuerpo (disociación), "
        "mucho sueño, náuseas, mareos y dificultad para pensar durante algunas horas. "
        "También pueden subir el ritmo cardíaco y la presión arterial. La respiración "
        "lenta es grave, por eso el personal vigila su respiración (información de "
        "prescripción de Spravato y de Ketalar).\n"
    ),
}
