"""E-mail debris: header fields, run-in quoted lines and signatures never become key points."""

from __future__ import annotations

from bot.domain.summaries import summarize_thread
from bot.domain.summaries.mail import strip_mail_debris
from tests.domain.summaries.threads import ThreadBuilder


def test_header_fields_are_removed() -> None:
    text = (
        "cc: Amaya List<www-amaya@w3.org> In-reply-to: Your message of Fri, 23 Apr 1999 "
        '10:12:13 +0200." <199904230812.KAA1@example.org> The parser drops the pseudo paragraph.'
    )

    own, _ = strip_mail_debris(text)

    assert own.strip() == "The parser drops the pseudo paragraph."


def test_forwarded_header_and_attachment_notes_are_removed() -> None:
    text = (
        "From: Peter Raymond [mailto:peter@example.com] Sent: Thursday, June 19, 2003 9:46 AM "
        "The text in section 12 is confusing. text/html attachment: Minutes_1Apr03.htm"
    )

    own, _ = strip_mail_debris(text)

    assert " ".join(own.split()) == "The text in section 12 is confusing."


def test_run_in_quoted_lines_are_not_the_quoting_authors_words() -> None:
    text = (
        "> >Hi, > >> By the way, should the parser accept a BOM at the start? "
        "> Only in UTF-8 files. Yes, I think it should accept one."
    )

    own, quotations = strip_mail_debris(text)

    assert own == "Yes, I think it should accept one."
    assert "By the way, should the parser accept a BOM" in " ".join(quotations)


def test_a_sentence_mixing_a_quoted_line_and_a_reply_is_dropped_whole() -> None:
    own, _ = strip_mail_debris(
        "> is it accessible > to screen readers I do not know. The site is new."
    )

    assert own == "The site is new."


def test_comparisons_and_arrows_are_not_quote_markers() -> None:
    text = "Use x=>y or a->b here."

    assert strip_mail_debris(text) == (text, [])


def test_a_discord_quote_line_is_left_to_the_quote_handling() -> None:
    text = "> we should read Capital first\nThat is exactly right."

    assert strip_mail_debris(text) == (text, [])


def test_a_dash_signature_at_the_end_is_removed_but_not_a_dash_in_prose() -> None:
    signed, _ = strip_mail_debris("Fine with me. -- Jos De Roo, AGFA http://www.agfa.com/jdroo/")
    prose, _ = strip_mail_debris("We tried two tools -- both failed on the test file.")

    assert signed == "Fine with me."
    assert prose == "We tried two tools -- both failed on the test file."


def test_quoted_email_text_is_never_attributed_to_the_quoter() -> None:
    thread = ThreadBuilder()
    thread.say("Irene", "Amaya needs a block element to format inline elements.")
    thread.say(
        "Ly",
        "cc: Amaya List<www-amaya@w3.org> > Amaya needs a block element to format inline "
        "> elements. > Then the editor must insert a pseudo paragraph itself. "
        "That explains the missing paragraph in my export.",
    )

    summary = summarize_thread(thread.messages)
    digest = summary.to_plain_text(200)

    ly_points = [p.quote.text for p in summary.key_points if p.quote.author_name == "Ly"]
    assert ly_points == ["That explains the missing paragraph in my export."]
    assert "pseudo paragraph itself" not in digest
    assert "cc:" not in digest
    assert "www-amaya" not in digest


def test_a_signature_block_is_not_a_key_point() -> None:
    thread = ThreadBuilder()
    thread.say("Eric", "The guidelines should state their scope and limits in the title.")
    thread.say(
        "Eric",
        "Development Scientist, Educational Testing Service ETS, Rosedale Road, Princeton NJ "
        "08541, Phone 609-734-5615, Fax 609-734-1090.",
    )
    thread.say("Dan", "A title that states the scope gets my vote as well.")

    digest = summarize_thread(thread.messages).to_plain_text(30)

    assert "Princeton" not in digest
    assert "scope" in digest


def test_an_at_time_wrote_line_and_bracketed_addresses_are_removed() -> None:
    own, quotations = strip_mail_debris(
        "At 10:02 AM 5/27/97 -0400, Jason Crawford wrote: > I think so > too. No, it is not."
    )
    bracketed, _ = strip_mail_debris("'Vadim' <vadim@example.ru> <www-svg@w3.org> It is amazing.")

    assert own == "No, it is not."
    assert quotations == ["I think so   too."]
    assert " ".join(bracketed.split()) == "'Vadim' It is amazing."


def test_a_discord_mention_is_not_taken_for_an_address() -> None:
    text = "<@1234567890> the vote is at 19:30 tomorrow."

    assert strip_mail_debris(text) == (text, [])


def test_a_lone_comparison_of_numbers_is_not_a_quote() -> None:
    text = "The vote count 12 > 9 means the motion passed."

    assert strip_mail_debris(text) == (text, [])
