// natsbench measures NATS JetStream with the same workload the broker benchmark
// uses for emostream-broker and Redis Streams: N records of S bytes published
// with acknowledgements (async, pipelined), read back from the start, and a
// paced produce-to-consume latency run. It prints one "key value" per line for
// bench/broker_bench.py to parse. Built in GOPATH mode against Debian's
// golang-github-nats-io-go-nats-dev, so it needs no module download.
package main

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
)

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "natsbench: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	url := flag.String("url", "nats://127.0.0.1:4222", "server URL")
	records := flag.Int("n", 1000000, "records to publish and read back")
	size := flag.Int("size", 100, "record size in bytes")
	rate := flag.Int("latency-rate", 2000, "records per second in the latency run")
	seconds := flag.Float64("latency-seconds", 5, "length of the latency run")
	flag.Parse()

	nc, err := nats.Connect(*url)
	if err != nil {
		fail("connect: %v", err)
	}
	defer nc.Close()
	var publishErrors int64
	js, err := nc.JetStream(nats.PublishAsyncMaxPending(8192),
		nats.PublishAsyncErrHandler(func(_ nats.JetStream, _ *nats.Msg, _ error) { atomic.AddInt64(&publishErrors, 1) }))
	if err != nil {
		fail("jetstream: %v", err)
	}
	for _, name := range []string{"BENCH", "LATENCY"} {
		subject := strings.ToLower(name)
		if _, err := js.AddStream(&nats.StreamConfig{Name: name, Subjects: []string{subject}, Storage: nats.FileStorage}); err != nil {
			fail("add stream %s: %v", name, err)
		}
	}

	payload := make([]byte, *size)
	for i := range payload {
		payload[i] = 'p'
	}
	start := time.Now()
	for i := 0; i < *records; i++ {
		if _, err := js.PublishAsync("bench", payload); err != nil {
			fail("publish: %v", err)
		}
	}
	select {
	case <-js.PublishAsyncComplete():
	case <-time.After(10 * time.Minute):
		fail("publish acks did not complete")
	}
	elapsed := time.Since(start).Seconds()
	fmt.Printf("produce_rps %.1f\n", float64(*records)/elapsed)
	fmt.Printf("publish_errors %d\n", atomic.LoadInt64(&publishErrors))

	sub, err := js.SubscribeSync("bench", nats.OrderedConsumer(), nats.DeliverAll())
	if err != nil {
		fail("subscribe: %v", err)
	}
	start = time.Now()
	read := 0
	for read < *records {
		if _, err := sub.NextMsg(10 * time.Second); err != nil {
			break
		}
		read++
	}
	elapsed = time.Since(start).Seconds()
	_ = sub.Unsubscribe()
	fmt.Printf("consume_rps %.1f\n", float64(read)/elapsed)
	fmt.Printf("consumed %d\n", read)

	samples := latencyRun(js, *rate, *seconds, *size)
	sort.Float64s(samples)
	if len(samples) > 0 {
		fmt.Printf("p50_ms %.3f\n", samples[len(samples)/2])
		fmt.Printf("p99_ms %.3f\n", samples[int(float64(len(samples)-1)*0.99)])
	}
	fmt.Printf("latency_samples %d\n", len(samples))
}

// latencyRun publishes `rate` records per second, each carrying its send time,
// and measures when an ordered push consumer receives it.
func latencyRun(js nats.JetStreamContext, rate int, seconds float64, size int) []float64 {
	total := int(float64(rate) * seconds)
	received := make(chan float64, total+16)
	sub, err := js.Subscribe("latency", func(msg *nats.Msg) {
		now := time.Now().UnixNano()
		stamp := strings.SplitN(string(msg.Data), ":", 2)[0]
		if sent, err := strconv.ParseInt(stamp, 10, 64); err == nil {
			received <- float64(now-sent) / 1e6
		}
	}, nats.OrderedConsumer(), nats.DeliverNew())
	if err != nil {
		fail("latency subscribe: %v", err)
	}
	defer sub.Unsubscribe()
	time.Sleep(300 * time.Millisecond)
	interval := time.Second / time.Duration(rate)
	begin := time.Now()
	for i := 0; i < total; i++ {
		if wait := time.Until(begin.Add(time.Duration(i) * interval)); wait > 0 {
			time.Sleep(wait)
		}
		stamp := strconv.FormatInt(time.Now().UnixNano(), 10) + ":"
		data := []byte(stamp + strings.Repeat("l", max(0, size-len(stamp))))
		if _, err := js.PublishAsync("latency", data); err != nil {
			fail("latency publish: %v", err)
		}
	}
	samples := make([]float64, 0, total)
	timeout := time.After(30 * time.Second)
	for len(samples) < total {
		select {
		case sample := <-received:
			samples = append(samples, sample)
		case <-timeout:
			return samples
		}
	}
	return samples
}

func max(a, b int) int {
	if a > b {
		return a
	}
	return b
}
