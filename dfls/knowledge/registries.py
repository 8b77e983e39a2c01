"""Where an image's page is on the web: Docker Hub, or the registry's own page.

Docker Hub has a page for official images (``python`` -> ``/_/python``) and for user
images (``bitnami/redis`` -> ``/r/bitnami/redis``); Quay, the Microsoft Artifact Registry
and the Amazon ECR Public Gallery have one per repository; GitHub's and Google's
registries send a browser that opens the image's address to its package page. Other
registries have no page dfls knows of.
"""

from __future__ import annotations

from dfls.model import ImageRef

_HUB = frozenset(
    {"docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"}
)
_PAGES = {
    "ghcr.io": "https://ghcr.io/{}",
    "gcr.io": "https://gcr.io/{}",
    "us.gcr.io": "https://us.gcr.io/{}",
    "eu.gcr.io": "https://eu.gcr.io/{}",
    "asia.gcr.io": "https://asia.gcr.io/{}",
    "quay.io": "https://quay.io/repository/{}",
    "mcr.microsoft.com": "https://mcr.microsoft.com/artifact/mar/{}",
    "public.ecr.aws": "https://gallery.ecr.aws/{}",
}


def image_page(image: ImageRef) -> str | None:
    """The web page of ``image``'s repository, or None (a variable left in it, ``scratch``,
    an unknown registry)."""
    if image.has_variables or image.is_scratch or not image.repository:
        return None
    registry = image.registry.lower() if image.registry else None
    repository = image.repository
    if not _plain(repository):
        return None
    if registry is None or registry in _HUB:
        if repository.startswith("library/"):
            repository = repository[len("library/") :]
        if "/" not in repository:
            return f"https://hub.docker.com/_/{repository}"
        return f"https://hub.docker.com/r/{repository}"
    page = _PAGES.get(registry)
    return page.format(repository) if page else None


def _plain(repository: str) -> bool:
    """Only the characters a repository name may have (no spaces, quotes or ``$``)."""
    return all(ch.isalnum() or ch in "._-/" for ch in repository) and repository.isascii()
