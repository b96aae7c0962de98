import pytest
from django.core.management import call_command

from content.models import FAQEntry, Page


@pytest.mark.django_db
def test_bulk_content_is_published_searchable_and_removable(client):
    call_command("generate_bulk_content", "--pages", "12", "--faqs", "250")
    assert Page.objects.published().filter(slug__startswith="bulk-article-").count() == 12
    assert FAQEntry.objects.filter(page__slug__startswith="bulk-faq-").count() == 250

    response = client.get("/bulk-article-00003/")
    assert response.status_code == 200
    assert "Generated page 3" in response.content.decode()
    assert client.get("/search/", {"q": "chronic pain"}).status_code == 200

    call_command("generate_bulk_content", "--remove")
    assert not Page.objects.filter(slug__startswith="bulk-").exists()
    assert client.get("/bulk-article-00003/").status_code == 404
