#!/usr/bin/env python3
"""A minimal client of the byosd widget protocol (docs/gateway-protocol.md), written from the docs alone.

It starts a chat, waits for an agent, sends a message, drops the connection and resumes the chat (receiving what
it missed, once), reads the agent's answer, says goodbye and ends the chat. Needs Python 3.8+ and `websockets`
(Debian: apt-get install python3-websockets; elsewhere: pip install websockets).

    python3 byosd_chat.py ws://localhost:8080/v1/chat --adapter example --text "My invoice is wrong"
"""
import argparse
import asyncio
import itertools
import json

import websockets

CONNECT_MESSAGE = {"output": {"generic": [{"response_type": "connect_to_agent", "message_to_human_agent": "Billing question"}]}}


class ProtocolError(Exception):
    """The gateway refused a frame (nack or error)."""


class Chat:
    def __init__(self, url, timeout):
        self.url, self.timeout = url, timeout
        self.ids = itertools.count(1)
        self.socket = None
        self.last_seq = 0  # the seq of the last event processed: what `hello` resumes after
        self.events = []

    async def connect(self, resume=None):
        self.socket = await websockets.connect(self.url)
        frame = {"type": "hello", "protocol": 1}
        if resume:
            frame["resume"] = {**resume, "lastSeq": self.last_seq}
        return await self.request(frame)

    async def request(self, frame):
        """Sends a frame and returns its ack's result; events that come first are processed on the way."""
        frame = {**frame, "id": str(next(self.ids))}
        await self.socket.send(json.dumps(frame))
        while True:
            reply = await self.receive()
            if reply["type"] == "event":
                continue
            if reply.get("id") != frame["id"]:
                raise ProtocolError("an answer to another frame: %r" % reply)
            if reply["type"] != "ack":
                raise ProtocolError("%s refused: %s: %s" % (frame["type"], reply["error"]["code"], reply["error"]["message"]))
            return reply.get("result", {})

    async def receive(self):
        reply = json.loads(await asyncio.wait_for(self.socket.recv(), self.timeout))
        if reply["type"] == "event" and reply["event"]["seq"] > self.last_seq:
            self.process(reply["event"])
        return reply

    def process(self, event):
        self.last_seq = event["seq"]
        self.events.append(event)
        kind = event["type"]
        if kind == "agentJoined":
            print("agent joined:", event["profile"]["nickname"])
        elif kind == "sendMessageToUser":
            for item in event["message"]["output"]["generic"]:
                print("agent says:", item["text"])
        elif kind == "chatStateChanged":
            print("chat state:", event["state"])

    async def wait_for(self, kind, **fields):
        """Waits for an event of this type, with these field values (already processed, or to come)."""
        def matches(event):
            return event["type"] == kind and all(event.get(key) == value for key, value in fields.items())
        while not any(matches(event) for event in self.events):
            await self.receive()

    async def send_text(self, message_id, text):
        await self.request({"type": "send", "messageId": message_id, "message": {"input": {"text": text}}})
        print("you said:", text)


async def main(args):
    chat = Chat(args.url, args.timeout)
    await chat.connect()
    started = await chat.request({"type": "start", "adapter": args.adapter, "connectMessage": CONNECT_MESSAGE})
    resume = {"chatId": started["chatId"], "token": started["token"]}
    print("chat started:", resume["chatId"])
    await chat.wait_for("agentJoined")
    await chat.send_text("m-1", args.text)

    await chat.socket.close()  # as if the network dropped: resume, and get what was missed
    print("connection closed after seq", chat.last_seq)
    hello = await chat.connect(resume)
    print("resumed:", hello["resumed"], "in state", hello["state"])
    await chat.wait_for("sendMessageToUser")
    await chat.send_text("m-2", "Thanks, bye")
    await chat.request({"type": "end"})
    await chat.wait_for("chatStateChanged", state="ended")
    await chat.socket.close()
    print("chat ended")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="A minimal byosd widget-protocol client")
    parser.add_argument("url", help="the gateway's WebSocket URL, e.g. ws://localhost:8080/v1/chat")
    parser.add_argument("--adapter", default="example", help="the adapter to start the chat with")
    parser.add_argument("--text", default="Hello from Python", help="the message to send")
    parser.add_argument("--timeout", type=float, default=10, help="seconds to wait for each frame")
    asyncio.run(main(parser.parse_args()))
