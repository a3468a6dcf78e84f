from django.urls import path

from distinguished.core.exports import download_paths

from . import exports, views

urlpatterns = [
    path("audit/", views.AuditEventList.as_view(), name="audit-events"),
    *download_paths("audit/export", exports.AuditExport.as_view(), "audit-export"),
]
