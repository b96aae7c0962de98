"""The menu links as the header had them before they were records, plus the clinic's three pages
(issue 28). The data migration writes them; the menu falls back to them for a row that is missing
(a test database emptied by a live-server test), so the live site never loses an entry."""

# After the pages' own places (10 to 110 in content/pages/), in the order the header had them.
MENU_LINK_SEED = [
    {
        "destination": "team",
        "nav_order": 1000,
        "labels": {"en": "Our team", "es": "Nuestro equipo"},
    },
    {
        "destination": "visiting",
        "nav_order": 1010,
        "labels": {"en": "Visiting us", "es": "Cómo llegar"},
    },
    {
        "destination": "treatments",
        "nav_order": 1020,
        "labels": {"en": "Treatments and costs", "es": "Tratamientos y costos"},
    },
    {
        "destination": "screener",
        "nav_order": 1030,
        "labels": {"en": "Prepare for your appointment", "es": "Prepárese para su cita"},
    },
    {
        "destination": "contact",
        "nav_order": 1040,
        "labels": {"en": "Contact us", "es": "Contáctenos"},
    },
]
