from django.db import models


class HttpDestination(models.Model):
    """Where an application calls out to, identified by (package, name)."""

    package = models.CharField(max_length=255)
    name = models.CharField(max_length=128)
    description = models.CharField(max_length=255, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["package", "name"]
        constraints = [
            models.UniqueConstraint(fields=["package", "name"], name="destination_package_name_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.package}:{self.name}"
