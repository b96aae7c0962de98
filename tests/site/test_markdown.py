from clinic_site.markdown import markdown_render


def test_markdown_becomes_html_with_anchored_headings():
    html = markdown_render(text="## How it works\n\nKetamine is an *NMDA* antagonist.")
    assert '<h2 id="how-it-works">How it works</h2>' in html
    assert "<em>NMDA</em>" in html


def test_script_tags_and_event_handlers_never_reach_a_visitor():
    html = markdown_render(
        text='Hello <script>alert(1)</script> <img src=x onerror="alert(2)"> '
        '[click](javascript:alert(3)) <a href="#" onclick="alert(4)">x</a>'
    )
    assert "<script" not in html
    assert "onerror" not in html
    assert "onclick" not in html
    assert "javascript:" not in html
