"""What is known about Dockerfiles independent of any one file or rule: the
instruction and flag reference, images, package managers, users, build tools, exec form."""
