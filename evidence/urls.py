from django.urls import URLPattern, path

from evidence.views import files, links, pages

app_name = "evidence"

# Mounted under cases/<uuid:case_id>/evidence/; evidence is addressed by its public UUID only.
urlpatterns: list[URLPattern] = [
    path("", pages.inventory, name="inventory"),
    path("upload/", pages.upload, name="upload"),
    path("<uuid:evidence_id>/person/", pages.set_depicted, name="set_depicted"),
    path("<uuid:evidence_id>/preview/", files.preview, name="preview"),
    path("<uuid:evidence_id>/reveal/", files.reveal, name="reveal"),
    path("<uuid:evidence_id>/original/", files.original, name="original"),
    path("<uuid:evidence_id>/download/", files.download, name="download"),
    path("links/<uuid:link_id>/link/", links.link_cases, name="link_cases"),
]
