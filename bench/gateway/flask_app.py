"""POST /emoji as the original EmoStream API served it: Flask + kafka-python, for the gateway benchmark.

The shape follows the original project: a module-level KafkaProducer with a JSON value serializer, the route
checks the body, calls `producer.send('emoji_stream', data)` without waiting for the broker (the original did
not wait) and answers the same JSON as our gateway. Run it with Flask's development server (as the original
did) or under gunicorn (`gunicorn -w N 'flask_app:app'`); KAFKA_BROKER names the broker.
"""

import json
import os
from datetime import datetime, timezone

from flask import Flask, jsonify, request
from kafka import KafkaProducer

app = Flask(__name__)
producer = KafkaProducer(
    bootstrap_servers=os.environ.get("KAFKA_BROKER", "localhost:9092"),
    value_serializer=lambda value: json.dumps(value).encode("utf-8"),
)


@app.route("/", methods=["GET"])
def health():
    return jsonify({"status": "healthy", "service": "EmoStream API"})


@app.route("/emoji", methods=["POST"])
def send_emoji():
    data = request.get_json(silent=True)
    if not data or "emoji_type" not in data:
        return jsonify({"error": "emoji_type is required"}), 400
    data["received_at"] = datetime.now(timezone.utc).isoformat()
    producer.send("emoji_stream", data)
    return jsonify({"message": "Emoji sent successfully"}), 200


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.environ.get("PORT", "5000")), threaded=True)
