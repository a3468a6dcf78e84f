from django.urls import path

from distinguished.core.exports import FORMATS

from . import exports, views

urlpatterns = [
    path("audit/", views.AuditEventList.as_view(), name="audit-events"),
    *[
        path(f"audit/export.{f}", exports.AuditExport.as_view(), {"file_format": f}, name="audit-export")
        for f in FORMATS
    ],
]
