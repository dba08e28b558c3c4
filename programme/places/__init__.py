"""The network's places and people across editions: a public page for each venue and
person used in a published session, and the index of venues by town."""
