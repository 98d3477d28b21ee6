// Reads one image file through the library and prints what it found: native/build/vision_smoke model.onnx photo.jpg
#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

#include "vision.h"

int main(int argc, char** argv) {
    if (argc < 3) { std::fprintf(stderr, "usage: vision_smoke model.onnx image\n"); return 2; }
    sp_engine* engine = nullptr;
    char error[512];
    if (sp_engine_create(argv[1], 1, &engine, error, sizeof error) != SP_OK) { std::fprintf(stderr, "model: %s\n", error); return 1; }
    std::ifstream f(argv[2], std::ios::binary);
    std::vector<uint8_t> data((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    int32_t steps = 0, classes = 0;
    sp_model_shape(engine, &steps, &classes);
    std::vector<sp_candidate> cands(4);
    std::vector<float> probs(4 * steps * classes);
    sp_photo* photo = nullptr;
    int n = sp_photo_open(engine, data.data(), static_cast<int32_t>(data.size()), 40'000'000, 4, &photo);
    if (n == SP_OK) {
        for (int got = 1; got > 0 && n < 4; n += got) {  // every look, not only the first
            got = sp_photo_read(engine, photo, 4 - n, cands.data() + n, probs.data() + n * steps * classes,
                                static_cast<int32_t>(probs.size()) - n * steps * classes);
            if (got < 0) { n = got; break; }
        }
    }
    sp_photo_close(photo);
    std::printf("candidates %d (T=%d C=%d)\n", n, steps, classes);
    for (int i = 0; i < n; ++i) {
        std::printf("  box %.0f %.0f %.0f %.0f colour %d score %.2f best:", cands[i].x, cands[i].y, cands[i].w, cands[i].h, cands[i].color, cands[i].score);
        for (int t = 0; t < steps; ++t) {
            int best = 0;
            for (int k = 1; k < classes; ++k) if (probs[(i * steps + t) * classes + k] > probs[(i * steps + t) * classes + best]) best = k;
            std::printf(" %d", best);
        }
        std::printf("\n");
    }
    sp_engine_destroy(engine);
    return n < 0 ? 1 : 0;
}
