"""Reader-facing URLs of this app (included at the site root)."""

from django.urls import path

from broadsheet.lexicon import review_views, views

app_name = "lexicon"
urlpatterns = [
    path("dictionary/", views.search, name="search"),
    path("dictionary/<path:word>/", views.word, name="word"),
    path("profile/words/", views.my_words, name="my_words"),
    path("profile/words/save/", views.save_word, name="save_word"),
    path("profile/words/<int:word_id>/remove/", views.remove_word, name="remove_word"),
    path("profile/words/review/", review_views.review_page, name="review"),
    path("profile/words/review/<int:word_id>/", review_views.grade, name="review_grade"),
    path("profile/words.csv", views.export_csv, name="export_csv"),
    path("profile/words-anki.txt", views.export_anki, name="export_anki"),
]
