// Parallel work on a stream whose results must be used in order: the build pipeline analyses
// articles on worker threads while each shard's writer takes the documents in arrival order.
#pragma once

#include <pthread.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace morgue {

/// Items pushed by one thread are grouped in batches, numbered from 0; `workers` threads run
/// `work` on the items of a batch in any order; then, if given, `sequence(number, outputs)`
/// runs on one thread for each batch in push order (the serial step of the pipeline); then
/// each of `consumers` threads gets every batch, in push order, through
/// `consume(consumer, number, outputs)` (consumers must touch disjoint items).
/// A batch closes at `batch` items or, with `batch_weight`, once the weights pushed with its
/// items reach it. At most `in_flight` batches exist at once besides the one filling, so
/// memory is bounded by the settings, never by the length of the stream: push() blocks while
/// the workers or consumers catch up.
/// The first exception thrown by `work` or `consume` stops the pipeline; push() and
/// finish() rethrow it.
template <class In, class Out>
class OrderedPipeline {
 public:
  struct Settings {
    std::size_t workers = 2;
    std::size_t consumers = 1;
    std::size_t batch = 256;
    std::size_t batch_weight = 0;  // 0: batches close by item count alone
    std::size_t in_flight = 4;
    // Thread names (top -H, perf, gdb): the role and the thread's number, cut to the
    // 15 bytes Linux keeps.
    std::string worker_name = "worker";
    std::string sequencer_name = "sequencer";
    std::string consumer_name = "consumer";
  };
  using Work = std::function<Out(std::size_t worker, In& item)>;
  using Sequence = std::function<void(std::size_t number, std::vector<Out>& batch)>;
  using Consume =
      std::function<void(std::size_t consumer, std::size_t number, std::vector<Out>& batch)>;

  OrderedPipeline(Settings settings, Work work, Sequence sequence, Consume consume)
      : settings_(settings),
        work_(std::move(work)),
        sequence_(std::move(sequence)),
        consume_(std::move(consume)),
        queues_(settings.consumers) {
    if (settings_.workers == 0) settings_.workers = 1;
    if (settings_.batch == 0) settings_.batch = 1;
    if (settings_.in_flight == 0) settings_.in_flight = 1;
    for (std::size_t w = 0; w < settings_.workers; ++w) {
      threads_.emplace_back([this, w] {
        name_thread(settings_.worker_name + std::to_string(w));
        run_worker(w);
      });
    }
    if (sequence_) {
      threads_.emplace_back([this] {
        name_thread(settings_.sequencer_name);
        run_sequencer();
      });
    }
    for (std::size_t c = 0; c < settings_.consumers; ++c) {
      threads_.emplace_back([this, c] {
        name_thread(settings_.consumer_name + std::to_string(c));
        run_consumer(c);
      });
    }
  }
  OrderedPipeline(const OrderedPipeline&) = delete;
  OrderedPipeline& operator=(const OrderedPipeline&) = delete;

  /// Abandons unfinished work (finish() was not reached: the caller is unwinding).
  ~OrderedPipeline() {
    {
      const std::lock_guard lock(mutex_);
      if (!failure_) stopped_ = true;
      closing_ = true;
    }
    wake_all();
    join();
  }

  void push(In item, std::size_t weight = 1) {
    if (!filling_) {
      filling_ = std::make_shared<Batch>();
      filling_->in.reserve(settings_.batch);
      filling_weight_ = 0;
    }
    filling_->in.push_back(std::move(item));
    filling_weight_ += weight;
    if (filling_->in.size() >= settings_.batch ||
        (settings_.batch_weight != 0 && filling_weight_ >= settings_.batch_weight)) {
      submit();
    }
  }

  /// Processes what is left, waits for the threads, rethrows the first failure.
  void finish() {
    if (filling_ && !filling_->in.empty()) submit();
    {
      const std::lock_guard lock(mutex_);
      closing_ = true;
    }
    wake_all();
    join();
    if (failure_) std::rethrow_exception(failure_);
  }

 private:
  struct Batch {
    std::vector<In> in;
    std::vector<Out> out;
    std::size_t number = 0, claimed = 0, finished = 0, consumers_left = 0;
    bool sequenced = false;
  };

  bool halted() const { return failure_ || stopped_; }
  bool done(const Batch& b) const { return b.finished == b.in.size(); }
  // What consumers wait for.
  bool ready(const Batch& b) const { return sequence_ ? b.sequenced : done(b); }

  void submit() {
    std::shared_ptr<Batch> batch = std::move(filling_);
    filling_.reset();
    batch->out.resize(batch->in.size());
    batch->consumers_left = settings_.consumers;
    batch->number = submitted_++;
    std::unique_lock lock(mutex_);
    space_.wait(lock, [&] { return in_flight_ < settings_.in_flight || halted(); });
    if (failure_) std::rethrow_exception(failure_);
    ++in_flight_;
    open_.push_back(batch);
    if (sequence_) sequencer_queue_.push_back(batch);
    for (auto& q : queues_) q.push_back(batch);
    lock.unlock();
    work_ready_.notify_all();
  }

  static void name_thread(const std::string& name) {
    pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
  }

  void run_worker(std::size_t w) {
    for (;;) {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [&] { return !open_.empty() || closing_ || halted(); });
      if (halted() || open_.empty()) return;
      const std::shared_ptr<Batch> batch = open_.front();
      const std::size_t i = batch->claimed++;
      if (batch->claimed == batch->in.size()) open_.pop_front();
      lock.unlock();
      try {
        batch->out[i] = work_(w, batch->in[i]);
      } catch (...) {
        fail(std::current_exception());
        return;
      }
      lock.lock();
      if (++batch->finished == batch->in.size()) {
        lock.unlock();
        batch_done_.notify_all();
      }
    }
  }

  void run_sequencer() {
    for (;;) {
      std::unique_lock lock(mutex_);
      batch_done_.wait(lock, [&] {
        return halted() || (sequencer_queue_.empty() && closing_) ||
               (!sequencer_queue_.empty() && done(*sequencer_queue_.front()));
      });
      if (halted() || sequencer_queue_.empty()) return;
      const std::shared_ptr<Batch> batch = sequencer_queue_.front();
      sequencer_queue_.pop_front();
      lock.unlock();
      try {
        sequence_(batch->number, batch->out);
      } catch (...) {
        fail(std::current_exception());
        return;
      }
      lock.lock();
      batch->sequenced = true;
      lock.unlock();
      batch_done_.notify_all();
    }
  }

  void run_consumer(std::size_t c) {
    auto& queue = queues_[c];
    for (;;) {
      std::unique_lock lock(mutex_);
      batch_done_.wait(lock, [&] {
        return halted() || (queue.empty() && closing_) || (!queue.empty() && ready(*queue.front()));
      });
      if (halted() || queue.empty()) return;
      const std::shared_ptr<Batch> batch = queue.front();
      queue.pop_front();
      lock.unlock();
      try {
        consume_(c, batch->number, batch->out);
      } catch (...) {
        fail(std::current_exception());
        return;
      }
      lock.lock();
      if (--batch->consumers_left == 0) {
        --in_flight_;
        lock.unlock();
        space_.notify_all();
      }
    }
  }

  void fail(std::exception_ptr e) {
    {
      const std::lock_guard lock(mutex_);
      if (!failure_) failure_ = std::move(e);
    }
    wake_all();
  }

  void wake_all() {
    work_ready_.notify_all();
    batch_done_.notify_all();
    space_.notify_all();
  }

  void join() {
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
  }

  Settings settings_;
  Work work_;
  Sequence sequence_;
  Consume consume_;
  std::shared_ptr<Batch> filling_;  // the pushing thread's, not shared until submitted
  std::size_t filling_weight_ = 0;
  std::mutex mutex_;
  std::condition_variable work_ready_, batch_done_, space_;
  std::deque<std::shared_ptr<Batch>> open_;  // batches with unclaimed items
  std::deque<std::shared_ptr<Batch>> sequencer_queue_;
  std::vector<std::deque<std::shared_ptr<Batch>>> queues_;  // per consumer, in push order
  std::size_t in_flight_ = 0, submitted_ = 0;
  bool closing_ = false, stopped_ = false;
  std::exception_ptr failure_;
  std::vector<std::thread> threads_;  // last: started once everything above exists
};

}  // namespace morgue
