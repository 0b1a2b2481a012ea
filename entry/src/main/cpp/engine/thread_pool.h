// A small fixed thread pool for data-parallel kernels (GEMM, convolution, pooling).
// The calling thread takes part in the work, so ThreadPool(1) starts no thread at all.
// RAII: the destructor stops and joins the workers.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace prunelab {
namespace engine {

class ThreadPool {
 public:
  // `threads` >= 1 (smaller values count as 1): the caller plus threads - 1 workers.
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int threads() const { return static_cast<int>(workers_.size()) + 1; }

  // Calls fn(begin, end) on disjoint, contiguous chunks that together cover [0, count), at most
  // one chunk per thread, and returns when all are done. Called from inside a chunk (nested
  // parallelism) or with count <= 1 it simply runs fn(0, count) on the calling thread. If a chunk
  // throws, the first exception is rethrown here after every chunk finished.
  void ParallelFor(int64_t count, const std::function<void(int64_t, int64_t)>& fn);

  // The number of threads in the machine (at least 1).
  static int HardwareThreads();

 private:
  struct Job;
  void WorkerLoop();
  static void RunChunks(Job* job);

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_;   // workers wait for a job or stop
  std::condition_variable done_;   // the caller waits for the workers to leave a job
  std::mutex run_mutex_;           // one ParallelFor at a time per pool
  Job* job_ = nullptr;
  uint64_t generation_ = 0;
  int active_ = 0;
  bool stop_ = false;
};

// ParallelFor on `pool`, or serially on the caller when pool is null.
void ParallelFor(ThreadPool* pool, int64_t count, const std::function<void(int64_t, int64_t)>& fn);

}  // namespace engine
}  // namespace prunelab
