"""Pure domain rules: no discord, no sqlalchemy, no project imports outside bot.domain."""
