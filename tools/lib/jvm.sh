# JVM settings of the launcher, shared with the benchmarks so that they measure what users run (tools/bench
# exports them to its Keras processes too, so both sides run with the same environment).
# Training keeps about 80 MB of live Java objects, but G1 grows a 4 GB heap to over 1 GB, and glibc's
# default of 8 malloc arenas per core holds on to freed TensorFlow buffers: a 1 GB heap and 2 arenas
# bring peak resident memory of the stacked model's training from 2.2 GB down to 1.1 GB.
# TensorFlow's CPU allocator hands each tensor to malloc, and the megabyte-sized tensors of a loop step
# went to mmap and munmap every time: inference of the 25,000 test reviews spent 31 s of 95 in the
# kernel. Its BFC allocator keeps the memory it has freed for the next tensors: 7 s, 35% more reviews/s.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
export TF_CPU_ALLOCATOR_USE_BFC="${TF_CPU_ALLOCATOR_USE_BFC:-true}"
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
TEXTRNN_JAVA_OPTS="${TEXTRNN_JAVA_OPTS:--Xmx1g}"
