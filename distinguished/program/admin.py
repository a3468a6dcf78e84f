from django.contrib import admin

from .models import Cycle, CycleTarget, Program, Track


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "loaded"]
    readonly_fields = ["definition"]


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "subject"]


class CycleTargetInline(admin.TabularInline):
    model = CycleTarget
    extra = 0


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "nominations_open", "nominations_close", "announcement_date"]
    inlines = [CycleTargetInline]
