#include "engine/thread_pool.h"

#include <algorithm>
#include <atomic>

namespace prunelab {
namespace engine {

namespace {
// True on a thread while it runs a chunk: a nested ParallelFor then runs inline.
thread_local bool t_inside_task = false;

struct InsideTask {
  bool previous;
  InsideTask() : previous(t_inside_task) { t_inside_task = true; }
  ~InsideTask() { t_inside_task = previous; }
};
}  // namespace

struct ThreadPool::Job {
  const std::function<void(int64_t, int64_t)>* fn = nullptr;
  int64_t count = 0;
  int chunks = 0;
  std::atomic<int> next{0};
  std::mutex error_mutex;
  std::exception_ptr error;
};

ThreadPool::ThreadPool(int threads) {
  const int workers = std::max(threads, 1) - 1;
  workers_.reserve(static_cast<size_t>(workers));
  for (int i = 0; i < workers; ++i) workers_.emplace_back([this] { WorkerLoop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

int ThreadPool::HardwareThreads() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

// Takes chunks until none is left. Chunk i covers [count*i/chunks, count*(i+1)/chunks).
void ThreadPool::RunChunks(Job* job) {
  InsideTask inside;
  for (;;) {
    const int chunk = job->next.fetch_add(1);
    if (chunk >= job->chunks) return;
    const int64_t begin = job->count * chunk / job->chunks;
    const int64_t end = job->count * (chunk + 1) / job->chunks;
    try {
      (*job->fn)(begin, end);
    } catch (...) {
      std::lock_guard<std::mutex> lock(job->error_mutex);
      if (!job->error) job->error = std::current_exception();
    }
  }
}

void ThreadPool::WorkerLoop() {
  uint64_t seen = 0;
  for (;;) {
    Job* job = nullptr;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stop_ || (generation_ != seen && job_ != nullptr); });
      if (stop_) return;
      seen = generation_;
      job = job_;
      ++active_;
    }
    RunChunks(job);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      --active_;
    }
    done_.notify_all();
  }
}

void ThreadPool::ParallelFor(int64_t count, const std::function<void(int64_t, int64_t)>& fn) {
  if (count <= 0) return;
  if (workers_.empty() || count == 1 || t_inside_task) {
    InsideTask inside;
    fn(0, count);
    return;
  }
  std::lock_guard<std::mutex> run_lock(run_mutex_);
  Job job;
  job.fn = &fn;
  job.count = count;
  job.chunks = static_cast<int>(std::min<int64_t>(count, threads()));
  {
    std::lock_guard<std::mutex> lock(mutex_);
    job_ = &job;
    ++generation_;
  }
  wake_.notify_all();
  RunChunks(&job);
  {
    // Every chunk is taken once `next` passed `chunks`; wait for workers still inside the job,
    // then withdraw it so a late worker never sees a dangling pointer.
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [&] { return active_ == 0; });
    job_ = nullptr;
  }
  if (job.error) std::rethrow_exception(job.error);
}

void ParallelFor(ThreadPool* pool, int64_t count, const std::function<void(int64_t, int64_t)>& fn) {
  if (pool != nullptr) {
    pool->ParallelFor(count, fn);
  } else if (count > 0) {
    fn(0, count);
  }
}

}  // namespace engine
}  // namespace prunelab
