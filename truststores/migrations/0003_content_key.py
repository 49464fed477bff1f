import uuid

from django.db import migrations, models


def distinct_keys(apps, schema_editor) -> None:
    # AddField gives every existing row the same default; each store needs its own.
    TrustStore = apps.get_model("truststores", "TrustStore")
    for store in TrustStore.objects.all():
        TrustStore.objects.filter(pk=store.pk).update(content_key=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("truststores", "0002_certificate"),
    ]

    operations = [
        migrations.AddField(
            model_name="truststore",
            name="content_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.RunPython(distinct_keys, migrations.RunPython.noop),
    ]
