from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0006_recorded_announcement_reads_terms"),
        ("nominations", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="award",
            name="nomination",
            field=models.OneToOneField(
                on_delete=models.deletion.PROTECT, related_name="award", to="nominations.nomination"
            ),
        ),
    ]
