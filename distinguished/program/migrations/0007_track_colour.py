"""A track's badge colour is data of the program definition (issue 18): it was a table in
credentials/baking.py. The four tracks keep the colours that table gave them; a track it did not
name keeps the default it was drawn in."""

from django.db import migrations, models

COLOURS = {"engineer": "#0b5cad", "advocate": "#9b2c6f", "innovator": "#1f7a4d", "partner": "#a35200"}


def keep_colours(apps, schema_editor):
    Track = apps.get_model("program", "Track")
    for code, colour in COLOURS.items():
        Track.objects.filter(code=code).update(colour=colour)


class Migration(migrations.Migration):
    dependencies = [("program", "0006_program_targets")]

    operations = [
        migrations.AddField(
            model_name="track",
            name="colour",
            field=models.CharField(default="#3d3d9e", max_length=7),
        ),
        migrations.RunPython(keep_colours, migrations.RunPython.noop),
    ]
