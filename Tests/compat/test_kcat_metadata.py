"""Must show (a): `kcat -L` lists the broker and the topics."""

import kcat_tool
from clients import create_topics


def test_kcat_lists_broker_and_created_topics(broker):
    """(a) kcat -L (Metadata v4 with null topics = all) shows this broker and every topic created."""
    create_topics(broker.bootstrap, {"compat-meta-three": 3, "compat-meta-one": 1})

    text = kcat_tool.metadata_text(broker.bootstrap)
    assert " 1 brokers:" in text, text
    assert f"at 127.0.0.1:{broker.port}" in text, text
    assert 'topic "compat-meta-three" with 3 partitions' in text, text
    assert 'topic "compat-meta-one" with 1 partitions' in text, text

    listing = kcat_tool.metadata_json(broker.bootstrap)
    assert len(listing["brokers"]) == 1, listing
    only_broker = listing["brokers"][0]
    assert only_broker["name"] == f"127.0.0.1:{broker.port}", listing
    topics = {t["topic"]: t for t in listing["topics"]}
    assert {"compat-meta-three", "compat-meta-one"} <= set(topics), listing
    for name, count in (("compat-meta-three", 3), ("compat-meta-one", 1)):
        partitions = topics[name]["partitions"]
        assert sorted(p["partition"] for p in partitions) == list(range(count)), topics[name]
        for partition in partitions:
            assert partition["leader"] == only_broker["id"], partition
            assert "error" not in partition, partition


def test_kcat_lists_single_named_topic(broker):
    """(a) kcat -L -t: a named-topic Metadata request answers that topic only."""
    create_topics(broker.bootstrap, {"compat-meta-named": 2, "compat-meta-other": 1})
    listing = kcat_tool.metadata_json(broker.bootstrap, "compat-meta-named")
    assert [t["topic"] for t in listing["topics"]] == ["compat-meta-named"], listing
    assert len(listing["topics"][0]["partitions"]) == 2, listing


def test_auto_create_off_reports_unknown_topic(broker_factory):
    """(a) With --auto-create-topics false a Metadata request for an unknown topic creates nothing
    and answers UNKNOWN_TOPIC_OR_PARTITION for it."""
    broker = broker_factory("--auto-create-topics", "false")
    listing = kcat_tool.metadata_json(broker.bootstrap, "compat-never-created")
    topics = {t["topic"]: t for t in listing["topics"]}
    assert "error" in topics.get("compat-never-created", {}), listing
    assert 'topic "compat-never-created"' not in kcat_tool.metadata_text(broker.bootstrap)
    assert not broker.partition_dir("compat-never-created", 0).exists()
