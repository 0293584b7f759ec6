// Package bench holds tfemrcheck's end-to-end benchmarks on large inputs:
// the 8,000- and 40,000-resource plans made from ../shared/bench/big-plan
// (see gen-plans.sh; they are kept out of git) and the big-plan source
// itself. Run them with
//
//	bash bench/gen-plans.sh            # once; needs terraform and mkplan
//	go test -run '^$' -bench . -benchmem ./bench/
//
// Benchmarks whose input is missing are skipped and say how to make it.
package bench
