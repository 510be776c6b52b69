"""Running Caucus as several processes, each with a range of Discord shards.

`ShardPlan` says which shards this process runs; `LeaseKeeper` holds the database leases that
decide which process runs the scheduled work of each shard's guilds.
"""

from bot.sharding.leases import LEASE_HEARTBEAT_SECONDS, LEASE_TTL_SECONDS, LeaseKeeper
from bot.sharding.plan import ShardPlan, parse_shard_ids, shard_of

__all__ = [
    "LEASE_HEARTBEAT_SECONDS",
    "LEASE_TTL_SECONDS",
    "LeaseKeeper",
    "ShardPlan",
    "parse_shard_ids",
    "shard_of",
]
