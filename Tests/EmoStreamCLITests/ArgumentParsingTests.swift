import ArgumentParser
@testable import EmoStreamCLI
import Testing

@Suite struct ArgumentParsingTests {
    @Test func sendTakesEveryDocumentedFlag() throws {
        let command = try EmoStreamCommand.parseAsRoot([
            "send", "😊", "--count", "50", "--rate", "10", "--room", "r1", "--user-id", "u", "--gateway", "http://h:1", "--batch",
        ])
        let send = try #require(command as? SendCommand)
        #expect(send.emoji == "😊")
        #expect(send.count == 50)
        #expect(send.rate == 10)
        #expect(send.room == "r1")
        #expect(send.userID == "u")
        #expect(send.batch)
        #expect(send.gatewayOptions.gateway == "http://h:1")
    }

    @Test func sendRejectsNonsense() {
        #expect(throws: (any Error).self) { try EmoStreamCommand.parseAsRoot(["send", "😊", "--count", "0"]) }
        #expect(throws: (any Error).self) { try EmoStreamCommand.parseAsRoot(["send", "😊", "--rate", "-1"]) }
    }

    @Test func watchCollectsRepeatedRooms() throws {
        let command = try EmoStreamCommand.parseAsRoot(["watch", "--client-id", "c1", "--room", "a", "--room", "b", "--json", "--count", "3"])
        let watch = try #require(command as? WatchCommand)
        #expect(watch.clientID == "c1")
        #expect(watch.rooms == ["a", "b"])
        #expect(watch.json)
        #expect(watch.count == 3)
        #expect(watch.fromSeq == -1)
    }

    @Test func upDefaultsToTheDocumentedTopology() throws {
        let up = try #require(try EmoStreamCommand.parseAsRoot(["up"]) as? UpCommand)
        #expect(up.clusters == 3)
        #expect(up.subscribersPerCluster == 3)
        #expect(up.portOffset == 0)
        #expect(up.logDir == "./logs")
        let custom = try #require(try EmoStreamCommand.parseAsRoot(["up", "--clusters", "1", "--port-offset", "200", "--window-ms", "500"]) as? UpCommand)
        #expect(custom.clusters == 1)
        #expect(custom.portOffset == 200)
        #expect(custom.windowMs == 500)
        #expect(throws: (any Error).self) { try EmoStreamCommand.parseAsRoot(["up", "--clusters", "0"]) }
    }

    @Test func upTakesEveryPortOffsetThatKeepsThePortsInRange() throws {
        let highest = try #require(try EmoStreamCommand.parseAsRoot(["up", "--port-offset", "46443"]) as? UpCommand)
        #expect(highest.topology.highestPort == 65_535)
        for offset in ["-1", "46444"] {
            let error = try #require(throws: (any Error).self) {
                try EmoStreamCommand.parseAsRoot(["up", "--port-offset=\(offset)"])
            }
            #expect(EmoStreamCommand.message(for: error) == "--port-offset must be 0–46443")
        }
    }

    @Test func clientCommandsTakeAnID() throws {
        #expect((try EmoStreamCommand.parseAsRoot(["register", "c1"]) as? RegisterCommand)?.clientID == "c1")
        #expect((try EmoStreamCommand.parseAsRoot(["deregister", "c1"]) as? DeregisterCommand)?.clientID == "c1")
        #expect(try EmoStreamCommand.parseAsRoot(["list"]) is ListCommand)
    }

    @Test func gatewayDefaultsFromTheEnvironment() {
        #expect(CLIEnvironment.value("gateway", in: ["EMOSTREAM_GATEWAY": "http://g:9"]) == "http://g:9")
        #expect(CLIEnvironment.value("gateway", in: ["EMOSTREAM_GATEWAY": ""]) == nil)
        #expect(CLIEnvironment.variableName("subscribers-per-cluster") == "EMOSTREAM_SUBSCRIBERS_PER_CLUSTER")
    }

    @Test func userIDsForACrowdAreNumbered() {
        #expect(SendCommand.userIDs(nil, users: 1) == [])
        #expect(SendCommand.userIDs("u", users: 1) == ["u"])
        #expect(SendCommand.userIDs("u", users: 3) == ["u-0", "u-1", "u-2"])
        #expect(SendCommand.userIDs(nil, users: 2) == ["emostream-cli-0", "emostream-cli-1"])
    }

    @Test func clientTableIsSortedAndAligned() {
        let table = ClientTable(clients: [
            "zed": ["cluster_id": 0, "subscriber_id": 1, "host": "localhost", "port": 6001],
            "al": ["cluster_id": 2, "subscriber_id": 2, "host": "localhost", "port": 6008],
        ])
        #expect(table.rendered.split(separator: "\n") == [
            "CLIENT  CLUSTER  SUBSCRIBER  HOST       PORT",
            "al      2        2           localhost  6008",
            "zed     0        1           localhost  6001",
        ])
        #expect(ClientTable(clients: [:]).rendered == "no clients registered")
    }
}
