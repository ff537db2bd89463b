package replica

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/benbjohnson/litestream"
	"github.com/superfly/ltx"
)

// errNoChain: the replica holds no files leading from the copy's
// transaction to its newest (pruned past the copy); Follow restores afresh.
var errNoChain = errors.New("the replica's files do not lead on from the copy")

// replicaFiles lists the replica's files of every level, each level in
// transaction order.
func replicaFiles(ctx context.Context, client litestream.ReplicaClient) ([][]*ltx.FileInfo, error) {
	levels := make([][]*ltx.FileInfo, litestream.SnapshotLevel+1)
	for level := range levels {
		itr, err := client.LTXFiles(ctx, level, 0, false)
		if err != nil {
			return nil, err
		}
		for itr.Next() {
			info := *itr.Item()
			levels[level] = append(levels[level], &info)
		}
		err = itr.Err()
		if cerr := itr.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, err
		}
	}
	return levels, nil
}

// newestTXID is the newest transaction of the replica.
func newestTXID(levels [][]*ltx.FileInfo) ltx.TXID {
	var newest ltx.TXID
	for _, files := range levels {
		if n := len(files); n > 0 {
			newest = max(newest, files[n-1].MaxTXID)
		}
	}
	return newest
}

// catchUpPlan is the shortest run of the replica's files that brings a
// database at transaction have to newest: at each step the file, of any level
// below the snapshots, that starts at or before the next transaction and goes
// furthest. A compacted file that also covers transactions the copy holds
// already is applied whole: its pages are their state at its last
// transaction, and a page it does not hold did not change in its range.
// After a day the plan is a few hourly files of level 3 and the last minutes'
// smaller ones, not every transaction of the day.
func catchUpPlan(levels [][]*ltx.FileInfo, have, newest ltx.TXID) ([]*ltx.FileInfo, error) {
	var plan []*ltx.FileInfo
	for cur := have; cur < newest; {
		var best *ltx.FileInfo
		for _, files := range levels[:litestream.SnapshotLevel] {
			for _, info := range files {
				if info.MinTXID > cur+1 {
					break
				}
				if info.MaxTXID > cur && (best == nil || info.MaxTXID > best.MaxTXID) {
					best = info
				}
			}
		}
		if best == nil {
			return nil, fmt.Errorf("%w (transaction %s)", errNoChain, cur+1)
		}
		plan = append(plan, best)
		cur = best.MaxTXID
	}
	return plan, nil
}

// catchUp brings the copy at path, which holds transaction have, up to
// newest with only the pages changed since (writePages), each written once,
// the file synced once, and the transaction recorded in path+"-txid" after
// the sync. Litestream's follow mode applied every file of the day one by
// one, synced twice each: most of a province reading after a day's changes
// (BENCHMARKS.md). A catch-up cut short leaves the transaction file as it
// was: the next one writes the same pages again, over whatever was written.
func catchUp(ctx context.Context, client litestream.ReplicaClient, levels [][]*ltx.FileInfo, path string, have, newest ltx.TXID) (ltx.TXID, error) {
	plan, err := catchUpPlan(levels, have, newest)
	if err != nil {
		return have, err
	}
	last := plan[len(plan)-1]
	hdr, err := litestream.FetchLTXHeader(ctx, client, last)
	if err != nil {
		return have, err
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return have, err
	}
	defer f.Close()
	if err := writePages(ctx, client, plan, f, hdr.Commit, hdr.PageSize, hdr.LockPgno(), false); err != nil {
		return have, err
	}
	// The database's size at the newest transaction: it shrinks when the
	// commune's vacuum gives pages back.
	if err := f.Truncate(int64(hdr.Commit) * int64(hdr.PageSize)); err != nil {
		return have, err
	}
	if err := f.Sync(); err != nil {
		return have, err
	}
	if err := f.Close(); err != nil {
		return have, err
	}
	return last.MaxTXID, litestream.WriteTXIDFile(path, last.MaxTXID)
}
