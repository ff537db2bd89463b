# Motcua — every target needs Go 1.27 (PocketBase v0.40.4): the go command
# fetches it from the module proxy on first use.
export GOTOOLCHAIN := go1.27.4

ADDR ?= 127.0.0.1:8090
DATA ?= ./pb_data

.PHONY: run build test test-short bench bench-province vet clean

## run: build, load the demo commune into $(DATA) if it is empty, serve on $(ADDR)
run: build
	@if [ ! -f "$(DATA)/data.db" ]; then ./motcua demo --dir "$(DATA)"; fi
	@echo ""
	@echo "  Trang công khai (public page): http://$(ADDR)/"
	@echo "  Trang quản trị (admin UI):     http://$(ADDR)/_/"
	@echo "  Bàn làm việc (staff desk):     http://$(ADDR)/desk/"
	@echo "  Tài khoản mẫu (demo staff), mật khẩu Motcua@2026:"
	@echo "    quantri@ninhxuan.example (admin)     lanhdao@ninhxuan.example (leader)"
	@echo "    chuyenmon@ninhxuan.example (specialist)  motcua@ninhxuan.example (receptionist)"
	@echo "    kiemtra@ninhxuan.example (inspector)"
	@echo ""
	./motcua serve --dir "$(DATA)" --http "$(ADDR)"

build:
	go build -trimpath -o motcua .

## test: every test, with the race detector
test:
	go vet ./...
	go test -race -count=1 -timeout 30m ./...

test-short:
	go test -short -count=1 ./...

## bench: ten years of a busy ward at each size, Motcua beside bare PocketBase
## (make bench SIZE=10000 for one small size; BENCH_DIR for the data dirs;
## heavy: never part of test or CI; results in $(BENCH_DIR)/results.md)
SIZE ?= 10000,100000,400000
BENCH_DIR ?= /tmp/motcua-bench
BENCH_FLAGS ?=
bench:
	mkdir -p "$(BENCH_DIR)"
	go build -trimpath -o "$(BENCH_DIR)/motcua" .
	go build -trimpath -o "$(BENCH_DIR)/bare" ./bench/bare
	go run ./bench/run -sizes "$(SIZE)" -motcua "$(BENCH_DIR)/motcua" -bare "$(BENCH_DIR)/bare" -out "$(BENCH_DIR)" $(BENCH_FLAGS)

## bench-province: the province run: replication lag under a commune's peak intake and the restore
## of a ten-year commune (SeaweedFS on loopback: weed installed, as .ci/run builds it), then the
## province view over 168 communes' years (heavy: about 50 GB of disk at the default sizes; never part
## of test or CI; results in $(BENCH_DIR)/province/province.md; BENCH_FLAGS="-communes 20" for less)
bench-province:
	mkdir -p "$(BENCH_DIR)/province"
	go build -trimpath -o "$(BENCH_DIR)/motcua" .
	go run ./bench/run -province lag,restore,province -motcua "$(BENCH_DIR)/motcua" -out "$(BENCH_DIR)/province" $(BENCH_FLAGS)

clean:
	rm -f motcua
