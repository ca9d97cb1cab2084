import Foundation
@testable import Gateway
import Testing

/// ISO-8601 stamps from integer milliseconds, checked against Foundation's calendar over a wide range of days.
@Suite("WallClock")
struct WallClockTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (1_755_117_900_123, "2025-08-13T20:45:00.123Z"),
        (951_782_400_000, "2000-02-29T00:00:00.000Z"),
        (4_107_542_399_999, "2100-02-28T23:59:59.999Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
    ])
    func formatsExactMilliseconds(milliseconds: Int64, expected: String) {
        #expect(WallClock.iso8601(milliseconds: milliseconds) == expected)
    }

    @Test func civilDatesMatchFoundationsGregorianCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        // Every 37th day from 1900 to 2200: leap years, century rules and month ends all come round.
        for day in stride(from: Int64(-25_567), through: 84_000, by: 37) {
            let date = Date(timeIntervalSince1970: Double(day) * 86_400)
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            let civil = WallClock.civilDate(daysSinceEpoch: day)
            #expect(civil.year == Int64(parts.year!) && civil.month == Int64(parts.month!) && civil.day == Int64(parts.day!),
                    "day \(day)")
        }
    }
}
