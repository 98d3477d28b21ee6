#include "vision.h"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/core/utils/filesystem.hpp>

#include "locate.h"

namespace {

constexpr int kInputW = 128;
constexpr int kInputH = 32;
constexpr int kBoxMoves = 6;    // see sp_photo_read_moved
constexpr int kLightMoves = 4;
constexpr int kMoves = kBoxMoves + kLightMoves;
constexpr int kProvinceW = 48;  // the checker reads the left 48 columns of the reader's crop (train_province.py)

void copy_error(const std::string& message, char* error, int32_t error_len) {
    if (error == nullptr || error_len <= 0) return;
    const size_t n = std::min(message.size(), static_cast<size_t>(error_len - 1));
    std::memcpy(error, message.data(), n);
    error[n] = '\0';
}

uint32_t be16(const uint8_t* p) { return (static_cast<uint32_t>(p[0]) << 8) | p[1]; }
uint32_t be32(const uint8_t* p) { return (be16(p) << 16) | be16(p + 2); }

int32_t probe_png(const uint8_t* d, int32_t n, sp_image_info* info) {
    if (n < 33) return SP_ERR_TRUNCATED;
    if (std::memcmp(d + 12, "IHDR", 4) != 0) return SP_ERR_FORMAT;
    info->width = static_cast<int32_t>(std::min<uint32_t>(be32(d + 16), INT32_MAX));
    info->height = static_cast<int32_t>(std::min<uint32_t>(be32(d + 20), INT32_MAX));
    info->format = 2;
    // A complete PNG ends with the IEND chunk (length 0, "IEND", CRC).
    if (n < 45 || std::memcmp(d + n - 8, "IEND", 4) != 0) return SP_ERR_TRUNCATED;
    return SP_OK;
}

int32_t probe_jpeg(const uint8_t* d, int32_t n, sp_image_info* info) {
    int32_t i = 2;
    bool have_size = false;
    while (i + 4 <= n) {
        if (d[i] != 0xFF) return have_size ? SP_ERR_TRUNCATED : SP_ERR_DECODE;
        const uint8_t marker = d[i + 1];
        if (marker == 0xFF) { ++i; continue; }
        if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) { i += 2; continue; }
        if (marker == 0xD9) break;
        const uint32_t len = be16(d + i + 2);
        if (len < 2) return SP_ERR_DECODE;
        if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
            if (i + 9 > n) return SP_ERR_TRUNCATED;
            info->height = static_cast<int32_t>(be16(d + i + 5));
            info->width = static_cast<int32_t>(be16(d + i + 7));
            info->format = 1;
            have_size = true;
        }
        if (marker == 0xDA) break;  // entropy-coded data follows
        i += 2 + static_cast<int32_t>(len);
    }
    if (!have_size) return SP_ERR_TRUNCATED;
    // A complete JPEG ends with EOI (FFD9), allowing for a little trailing padding.
    const int32_t tail = std::max<int32_t>(2, n - 64);
    for (int32_t j = n - 2; j >= tail - 2 && j >= 0; --j) {
        if (d[j] == 0xFF && d[j + 1] == 0xD9) return SP_OK;
    }
    return SP_ERR_TRUNCATED;
}

struct NetPool {
    std::vector<cv::dnn::Net> nets;
    std::vector<bool> busy;
    std::mutex mutex;
    std::condition_variable freed;

    size_t acquire() {
        std::unique_lock<std::mutex> lock(mutex);
        for (;;) {
            for (size_t i = 0; i < busy.size(); ++i) {
                if (!busy[i]) { busy[i] = true; return i; }
            }
            freed.wait(lock);
        }
    }

    void release(size_t i) {
        { std::lock_guard<std::mutex> lock(mutex); busy[i] = false; }
        freed.notify_one();
    }
};

}  // namespace

struct sp_engine {
    NetPool pool;
    NetPool finders;  // empty when no plate-finder.onnx sits beside the reader
    NetPool checkers; // the province checker; empty when no plate-province.onnx sits beside the reader
    int checker_classes = 0;
    int timesteps = 0;
    int classes = 0;
};

struct sp_photo {
    cv::Mat image;       // decoded, possibly at a reduced scale
    float back = 1.0f;   // decoded pixels -> the photo's own
    bool is_crop = false;
    int pass = 0;        // looks taken so far
    int budget = 0;      // candidates still allowed
    sp::Scene scene;     // prepared on first need, shared by both looks
};

namespace {

constexpr int kFinderLongest = 416;

cv::dnn::Net load_net(const std::string& path) {
    cv::dnn::Net net = cv::dnn::readNetFromONNX(path);
    net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    return net;
}

cv::Mat run(NetPool& pool, const cv::Mat& blob) {
    const size_t slot = pool.acquire();
    try {
        pool.nets[slot].setInput(blob);
        cv::Mat out = pool.nets[slot].forward().clone();
        pool.release(slot);
        return out;
    } catch (...) {
        pool.release(slot);
        throw;
    }
}

// The finder works on the photo scaled to kFinderLongest on its longest side (sides rounded to multiples of 4).
std::vector<sp::Region> find_plates(sp_engine* engine, const cv::Mat& image) {
    if (engine->finders.nets.empty()) return {};
    const double scale = static_cast<double>(kFinderLongest) / std::max(image.cols, image.rows);
    const int w = std::max(16, static_cast<int>(std::lround(image.cols * scale / 4.0)) * 4);
    const int h = std::max(16, static_cast<int>(std::lround(image.rows * scale / 4.0)) * 4);
    cv::Mat small;
    cv::resize(image, small, cv::Size(w, h), 0, 0, cv::INTER_AREA);
    const cv::Mat out = run(engine->finders, cv::dnn::blobFromImage(small, 1.0 / 255.0));
    cv::Mat logits(out.size[2], out.size[3], CV_32F, const_cast<float*>(out.ptr<float>()));
    cv::Mat probability;
    cv::exp(-logits, probability);
    probability = 1.0 / (1.0 + probability);
    return sp::plates_in_mask(probability, static_cast<float>(image.cols) / static_cast<float>(w));
}

}  // namespace

extern "C" {

int32_t sp_version(void) { return 1; }

int32_t sp_engine_create(const char* model_path, int32_t pool_size, sp_engine** engine, char* error, int32_t error_len) {
    if (model_path == nullptr || engine == nullptr) return SP_ERR_ARGUMENT;
    *engine = nullptr;
    try {
        auto e = std::make_unique<sp_engine>();
        const int n = std::clamp(pool_size, 1, 64);
        const std::string reader_path(model_path);
        const size_t slash = reader_path.find_last_of('/');
        const std::string folder = slash == std::string::npos ? std::string() : reader_path.substr(0, slash + 1);
        const std::string finder_path = folder + "plate-finder.onnx", checker_path = folder + "plate-province.onnx";
        const bool have_finder = cv::utils::fs::exists(finder_path), have_checker = cv::utils::fs::exists(checker_path);
        for (int i = 0; i < n; ++i) {
            e->pool.nets.push_back(load_net(reader_path));
            e->pool.busy.push_back(false);
            if (have_finder) {
                e->finders.nets.push_back(load_net(finder_path));
                e->finders.busy.push_back(false);
            }
            if (have_checker) {
                e->checkers.nets.push_back(load_net(checker_path));
                e->checkers.busy.push_back(false);
            }
        }
        for (auto& net : e->checkers.nets) {
            net.setInput(cv::dnn::blobFromImage(cv::Mat::zeros(kInputH, kProvinceW, CV_8UC3), 1.0 / 255.0));
            e->checker_classes = static_cast<int>(net.forward().total());
        }
        // One dry run gives the output shape (and warms the network up).
        cv::Mat blob = cv::dnn::blobFromImage(cv::Mat::zeros(kInputH, kInputW, CV_8UC3), 1.0 / 255.0);
        for (auto& net : e->pool.nets) {
            net.setInput(blob);
            cv::Mat out = net.forward();
            if (out.dims != 4) throw std::runtime_error("unexpected model output rank");
            e->classes = out.size[1];
            e->timesteps = out.size[3];
        }
        *engine = e.release();
        return SP_OK;
    } catch (const std::exception& ex) {
        copy_error(ex.what(), error, error_len);
        return SP_ERR_MODEL;
    } catch (...) {
        copy_error("unknown error loading the model", error, error_len);
        return SP_ERR_MODEL;
    }
}

void sp_engine_destroy(sp_engine* engine) { delete engine; }

int32_t sp_model_shape(sp_engine* engine, int32_t* timesteps, int32_t* classes) {
    if (engine == nullptr || timesteps == nullptr || classes == nullptr) return SP_ERR_ARGUMENT;
    *timesteps = engine->timesteps;
    *classes = engine->classes;
    return SP_OK;
}

int32_t sp_probe(const uint8_t* data, int32_t length, sp_image_info* info) {
    if (info == nullptr || length < 0) return SP_ERR_ARGUMENT;
    *info = {0, 0, 0};
    if (data == nullptr || length == 0) return SP_ERR_EMPTY;
    static const uint8_t png_magic[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    if (length >= 8 && std::memcmp(data, png_magic, 8) == 0) return probe_png(data, length, info);
    if (length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) return probe_jpeg(data, length, info);
    return SP_ERR_FORMAT;
}

}  // extern "C"

namespace {

// Checks the header, then decodes; `back` scales decoded pixels to the photo's own.
int32_t decode(const uint8_t* data, int32_t length, int64_t max_pixels, cv::Mat& image, float& back) {
    sp_image_info info;
    const int32_t probed = sp_probe(data, length, &info);
    if (probed != SP_OK) return probed;
    if (info.width <= 0 || info.height <= 0) return SP_ERR_DECODE;
    const int64_t pixels = static_cast<int64_t>(info.width) * info.height;
    if (max_pixels > 0 && pixels > max_pixels) return SP_ERR_TOO_LARGE;
    // Large JPEGs decode at a reduced scale: a plate needs far fewer pixels than a 12-megapixel photo has.
    int flags = cv::IMREAD_COLOR;
    if (info.format == 1 && pixels > 8'000'000) flags = cv::IMREAD_REDUCED_COLOR_4;
    else if (info.format == 1 && pixels > 2'500'000) flags = cv::IMREAD_REDUCED_COLOR_2;
    const cv::Mat raw(1, length, CV_8UC1, const_cast<uint8_t*>(data));
    image = cv::imdecode(raw, flags);
    if (image.empty()) return SP_ERR_DECODE;
    back = static_cast<float>(info.width) / static_cast<float>(image.cols);
    return SP_OK;
}

// The regions read first: what the plate finder marked (with their second looks), or for a photo that is already a
// plate crop (a camera that crops, or a test set) the whole image and its tilted text line.
std::vector<sp::Region> first_look(sp_engine* engine, sp_photo& photo, int limit) {
    const cv::Mat& image = photo.image;
    if (photo.is_crop) {
        cv::RotatedRect whole(cv::Point2f(image.cols / 2.0f, image.rows / 2.0f),
                              cv::Size2f(image.cols / 1.06f, image.rows / 1.18f), 0.0f);
        std::vector<sp::Region> regions{{whole, SP_COLOR_UNKNOWN, 1.0f}};
        sp::Region level;
        if (limit > 1 && sp::tilted_text_line(image, level)) regions.push_back(level);
        return regions;
    }
    const auto marked = find_plates(engine, image);
    if (marked.empty()) return {};
    photo.scene = sp::prepare_scene(image);
    return sp::offer_marked(photo.scene, marked, limit);
}

// The regions read when the first look found no sure plate: the colour and edge cues'.
std::vector<sp::Region> second_look(sp_photo& photo, int limit) {
    if (photo.scene.small.empty()) photo.scene = sp::prepare_scene(photo.image);
    return sp::offer_cued(photo.scene, limit);
}

// Softmax of n logits `stride` apart in `in`, written contiguously to `out`.
void softmax(const float* in, int n, int64_t stride, float* out) {
    float mx = -1e30f;
    for (int k = 0; k < n; ++k) mx = std::max(mx, in[k * stride]);
    float sum = 0.0f;
    for (int k = 0; k < n; ++k) sum += out[k] = std::exp(in[k * stride] - mx);
    for (int k = 0; k < n; ++k) out[k] /= sum;
}

// Reads straightened crops in one batch; per crop T x C softmax probabilities go to `probs`.
int32_t read_crops(sp_engine* engine, const std::vector<cv::Mat>& crops, float* probs) {
    const cv::Mat out = run(engine->pool, cv::dnn::blobFromImages(crops, 1.0 / 255.0));

    // out: N x C x 1 x T -> per candidate T x C softmax.
    const int n = out.size[0], classes = out.size[1], steps = out.size[3];
    const float* o = out.ptr<float>();
    for (int b = 0; b < n; ++b) {
        for (int t = 0; t < steps; ++t) {
            softmax(o + static_cast<int64_t>(b) * classes * steps + t, classes, steps, probs + (static_cast<int64_t>(b) * steps + t) * classes);
        }
    }
    return n;
}

// The box as it is, in four other lights: contrast evened out locally (a shadow's edge across the plate fades), the
// shadows lifted, the highlights pressed down, and a slight blur. A read the reader gave only because of how the light
// fell on one stroke tends to change in one of them (decision 019).
void relit(const cv::Mat& crop, std::vector<cv::Mat>& out) {
    cv::Mat lab;
    cv::cvtColor(crop, lab, cv::COLOR_BGR2Lab);
    std::vector<cv::Mat> channels;
    cv::split(lab, channels);
    cv::createCLAHE(2.0, cv::Size(8, 2))->apply(channels[0], channels[0]);
    cv::merge(channels, lab);
    cv::Mat evened;
    cv::cvtColor(lab, evened, cv::COLOR_Lab2BGR);
    out.push_back(evened);
    static const std::vector<cv::Mat> gammas = [] {
        std::vector<cv::Mat> tables;
        for (const double gamma : {0.6, 1.6}) {
            cv::Mat table(1, 256, CV_8U);
            for (int i = 0; i < 256; ++i) table.at<uint8_t>(i) = cv::saturate_cast<uint8_t>(255.0 * std::pow(i / 255.0, gamma));
            tables.push_back(table);
        }
        return tables;
    }();
    for (const cv::Mat& table : gammas) {
        cv::Mat lit;
        cv::LUT(crop, table, lit);
        out.push_back(lit);
    }
    cv::Mat soft;
    cv::GaussianBlur(crop, soft, cv::Size(3, 3), 0.8);
    out.push_back(soft);
}

// The value below which `share` of `values` lie.
float share_below(std::vector<float> values, double share) {
    const auto at = values.begin() + static_cast<std::ptrdiff_t>(share * static_cast<double>(values.size() - 1));
    std::nth_element(values.begin(), at, values.end());
    return *at;
}

// Lifts a cast shadow off a straightened plate: every pixel is brightened by how much darker the plate's background is
// around it than in the light. The background is told from the characters by its colour, which a shadow darkens but
// does not change, so no stroke is taken for shadow and no line has to be found. Returns how much darker the darkest
// background is than the brightest (95th over 5th percentile; 1 when evenly lit), or 0 when the plate has no
// saturated background colour to measure on (white and black plates).
float lift_shadow(const cv::Mat& crop, cv::Mat& lifted) {
    cv::Mat hsv;
    cv::cvtColor(crop, hsv, cv::COLOR_BGR2HSV);
    std::vector<cv::Mat> hsv_planes;
    cv::split(hsv, hsv_planes);
    const cv::Mat &hue = hsv_planes[0], &sat = hsv_planes[1], &val = hsv_planes[2];
    std::vector<float> hues, sats;
    for (int y = 0; y < crop.rows; ++y)
        for (int x = 0; x < crop.cols; ++x)
            if (sat.at<uint8_t>(y, x) > 90) {
                hues.push_back(hue.at<uint8_t>(y, x));
                sats.push_back(sat.at<uint8_t>(y, x));
            }
    if (hues.size() < crop.total() / 5) return 0.0f;
    const float plate_hue = share_below(hues, 0.5), plate_sat = share_below(sats, 0.5);
    cv::Mat background(crop.size(), CV_32F), brightness;
    val.convertTo(brightness, CV_32F);
    std::vector<float> lit;
    for (int y = 0; y < crop.rows; ++y)
        for (int x = 0; x < crop.cols; ++x) {
            const float d = std::abs(hue.at<uint8_t>(y, x) - plate_hue);
            const bool plate = std::min(d, 180.0f - d) < 15.0f && sat.at<uint8_t>(y, x) > 0.5f * plate_sat;
            background.at<float>(y, x) = plate ? 1.0f : 0.0f;
            if (plate) lit.push_back(brightness.at<float>(y, x));
        }
    if (lit.empty()) return 0.0f;
    // The background's brightness around each pixel: a 7-pixel window where it holds enough background, else 21.
    cv::Mat weighted = brightness.mul(background), near_sum, near_share, far_sum, far_share;
    cv::blur(weighted, near_sum, cv::Size(7, 7));
    cv::blur(background, near_share, cv::Size(7, 7));
    cv::blur(weighted, far_sum, cv::Size(21, 21));
    cv::blur(background, far_share, cv::Size(21, 21));
    const float light = share_below(lit, 0.9);
    cv::Mat gain(crop.size(), CV_32F);
    std::vector<float> around;
    for (int y = 0; y < crop.rows; ++y)
        for (int x = 0; x < crop.cols; ++x) {
            const float n = near_share.at<float>(y, x), f = far_share.at<float>(y, x);
            const float b = n > 0.05f ? near_sum.at<float>(y, x) / n : f > 0.01f ? far_sum.at<float>(y, x) / f : light;
            gain.at<float>(y, x) = std::clamp(light / std::max(b, 1.0f), 1.0f, 4.0f);
            if (background.at<float>(y, x) > 0) around.push_back(b);
        }
    cv::Mat gain3;
    cv::merge(std::vector<cv::Mat>{gain, gain, gain}, gain3);
    cv::Mat colour;
    crop.convertTo(colour, CV_32FC3);
    cv::Mat(colour.mul(gain3)).convertTo(lifted, CV_8UC3);
    return share_below(around, 0.95) / std::max(1.0f, share_below(around, 0.05));
}

// A candidate's corners (in the photo's own pixels) in the decoded image's.
void decoded_corners(const sp_photo& photo, const float* quad, cv::Point2f* q) {
    for (int k = 0; k < 4; ++k) q[k] = cv::Point2f(quad[2 * k], quad[2 * k + 1]) / photo.back;
}

// Straightens and reads `regions`; candidates and per-candidate T x C softmax probabilities go to the caller's buffers.
int32_t read_regions(sp_engine* engine, const sp_photo& photo, const std::vector<sp::Region>& regions,
                     sp_candidate* candidates, float* probs) {
    const cv::Mat& image = photo.image;
    const float back = photo.back;
    std::vector<cv::Mat> crops;
    for (size_t i = 0; i < regions.size(); ++i) {
        cv::Point2f corners[4];
        cv::Mat crop = sp::straighten(image, regions[i], cv::Size(kInputW, kInputH), corners);
        sp_candidate& c = candidates[i];
        float minx = 1e30f, miny = 1e30f, maxx = -1e30f, maxy = -1e30f;
        for (int k = 0; k < 4; ++k) {
            c.quad[2 * k] = corners[k].x * back;
            c.quad[2 * k + 1] = corners[k].y * back;
            minx = std::min(minx, corners[k].x); maxx = std::max(maxx, corners[k].x);
            miny = std::min(miny, corners[k].y); maxy = std::max(maxy, corners[k].y);
        }
        minx = std::max(0.0f, minx); miny = std::max(0.0f, miny);
        maxx = std::min(static_cast<float>(image.cols), maxx); maxy = std::min(static_cast<float>(image.rows), maxy);
        c.x = minx * back; c.y = miny * back; c.w = (maxx - minx) * back; c.h = (maxy - miny) * back;
        c.color = regions[i].color != SP_COLOR_UNKNOWN ? regions[i].color : sp::classify_color(crop);
        c.score = regions[i].score;
        crops.push_back(crop);
    }

    return read_crops(engine, crops, probs);
}

}  // namespace

extern "C" {

int32_t sp_find_plates(sp_engine* engine, const uint8_t* data, int32_t length, int64_t max_pixels,
                       int32_t max_candidates, sp_candidate* candidates) {
    if (engine == nullptr || candidates == nullptr || max_candidates <= 0) return SP_ERR_ARGUMENT;
    if (engine->finders.nets.empty()) return SP_ERR_MODEL;
    try {
        cv::Mat image;
        float back = 1.0f;
        const int32_t decoded = decode(data, length, max_pixels, image, back);
        if (decoded != SP_OK) return decoded;
        const auto found = find_plates(engine, image);
        const int n = std::min(static_cast<int>(found.size()), max_candidates);
        for (int i = 0; i < n; ++i) {
            const cv::RotatedRect& r = found[i].rect;
            cv::Point2f corners[4];
            r.points(corners);  // bl, tl, tr, br
            const int order[4] = {1, 2, 3, 0};
            sp_candidate& c = candidates[i];
            for (int k = 0; k < 4; ++k) {
                c.quad[2 * k] = corners[order[k]].x * back;
                c.quad[2 * k + 1] = corners[order[k]].y * back;
            }
            const cv::Rect box = r.boundingRect() & cv::Rect(0, 0, image.cols, image.rows);
            c.x = box.x * back; c.y = box.y * back; c.w = box.width * back; c.h = box.height * back;
            c.color = sp::classify_color(sp::straighten(image, found[i], cv::Size(kInputW, kInputH), corners));
            c.score = found[i].score;
        }
        return n;
    } catch (const cv::Exception&) {
        return SP_ERR_DECODE;
    } catch (...) {
        return SP_ERR_INTERNAL;
    }
}

int32_t sp_photo_open(sp_engine* engine, const uint8_t* data, int32_t length, int64_t max_pixels,
                      int32_t max_candidates, sp_photo** photo) {
    if (engine == nullptr || photo == nullptr || max_candidates <= 0) return SP_ERR_ARGUMENT;
    *photo = nullptr;
    try {
        auto p = std::make_unique<sp_photo>();
        const int32_t decoded = decode(data, length, max_pixels, p->image, p->back);
        if (decoded != SP_OK) return decoded;
        const double aspect = static_cast<double>(p->image.cols) / p->image.rows;
        p->is_crop = aspect >= 1.8 && aspect <= 7.0 && p->image.cols <= 640;
        p->budget = max_candidates;
        *photo = p.release();
        return SP_OK;
    } catch (const cv::Exception&) {
        return SP_ERR_DECODE;
    } catch (...) {
        return SP_ERR_INTERNAL;
    }
}

void sp_photo_close(sp_photo* photo) { delete photo; }

int32_t sp_moved_reads(void) { return kMoves; }

int32_t sp_province_classes(sp_engine* engine) { return engine == nullptr ? SP_ERR_ARGUMENT : engine->checker_classes; }

int32_t sp_photo_read_moved(sp_engine* engine, sp_photo* photo, const float* quad, float* probs, int32_t probs_length) {
    if (engine == nullptr || photo == nullptr || quad == nullptr || probs == nullptr) return SP_ERR_ARGUMENT;
    if (probs_length < static_cast<int64_t>(engine->timesteps) * engine->classes * kMoves) return SP_ERR_BUFFER;
    try {
        cv::Point2f q[4];
        decoded_corners(*photo, quad, q);
        const cv::Point2f c = (q[0] + q[1] + q[2] + q[3]) * 0.25f;
        const cv::Point2f u = (q[1] - q[0] + q[2] - q[3]) * 0.5f, v = (q[3] - q[0] + q[2] - q[1]) * 0.5f;
        // Six small moves of the box: 6 % tighter along the plate and 12 % across it, as much looser, shifted 4 % along
        // and across either way, turned 3 degrees either way. (The tightest and the turns alone looked better on one
        // synthetic set and worse on the next; all six held on both.)
        struct Move { float along, across, nudge_along, nudge_across, degrees; };
        const Move moves[kBoxMoves] = {{0.94f, 0.88f, 0.02f, 0.0f, 0.0f},  {1.06f, 1.12f, -0.02f, 0.03f, 0.0f},
                                       {1.0f, 1.0f, 0.04f, -0.04f, 0.0f},  {1.0f, 1.0f, -0.04f, 0.04f, 0.0f},
                                       {1.0f, 1.0f, 0.0f, 0.0f, 3.0f},     {1.0f, 1.0f, 0.0f, 0.0f, -3.0f}};
        const float sign[4][2] = {{-0.5f, -0.5f}, {0.5f, -0.5f}, {0.5f, 0.5f}, {-0.5f, 0.5f}};
        std::vector<cv::Mat> crops;
        for (const Move& m : moves) {
            const float a = m.degrees * static_cast<float>(CV_PI / 180.0), cs = std::cos(a), sn = std::sin(a);
            cv::Point2f corners[4];
            for (int k = 0; k < 4; ++k) {
                // The corner's offset from the parallelogram (u, v) is kept: perspective stays as it was.
                const cv::Point2f rest = q[k] - c - (u * sign[k][0] + v * sign[k][1]);
                const cv::Point2f d = u * (sign[k][0] * m.along + m.nudge_along) + v * (sign[k][1] * m.across + m.nudge_across) + rest;
                corners[k] = c + cv::Point2f(d.x * cs - d.y * sn, d.x * sn + d.y * cs);
            }
            crops.push_back(sp::warp_quad(photo->image, corners, cv::Size(kInputW, kInputH)));
        }
        relit(sp::warp_quad(photo->image, q, cv::Size(kInputW, kInputH)), crops);
        return read_crops(engine, crops, probs);
    } catch (const cv::Exception&) {
        return SP_ERR_DECODE;
    } catch (...) {
        return SP_ERR_INTERNAL;
    }
}

int32_t sp_photo_read_lengthened(sp_engine* engine, sp_photo* photo, const float* quad, float more, float* probs,
                                 int32_t probs_length) {
    if (engine == nullptr || photo == nullptr || quad == nullptr || probs == nullptr || !(more > 0.0f && more <= 1.0f)) return SP_ERR_ARGUMENT;
    if (probs_length < static_cast<int64_t>(engine->timesteps) * engine->classes) return SP_ERR_BUFFER;
    try {
        cv::Point2f q[4];
        decoded_corners(*photo, quad, q);
        q[1] += (q[1] - q[0]) * more;
        q[2] += (q[2] - q[3]) * more;
        return read_crops(engine, {sp::warp_quad(photo->image, q, cv::Size(kInputW, kInputH))}, probs);
    } catch (const cv::Exception&) {
        return SP_ERR_DECODE;
    } catch (...) {
        return SP_ERR_INTERNAL;
    }
}

int32_t sp_photo_read_unshadowed(sp_engine* engine, sp_photo* photo, const float* quad, float* probs, int32_t probs_length,
                                 float* depth) {
    if (engine == nullptr || photo == nullptr || quad == nullptr || probs == nullptr || depth == nullptr) return SP_ERR_ARGUMENT;
    if (probs_length < static_cast<int64_t>(engine->timesteps) * engine->classes) return SP_ERR_BUFFER;
    try {
        cv::Point2f q[4];
        decoded_corners(*photo, quad, q);
        cv::Mat lifted;
        *depth = lift_shadow(sp::warp_quad(photo->image, q, cv::Size(kInputW, kInputH)), lifted);
        return *depth > 0.0f ? read_crops(engine, {lifted}, probs) : 0;
    } catch (const cv::Exception&) {
        return SP_ERR_DECODE;
    } catch (...) {
        return SP_ERR_INTERNAL;
    }
}

int32_t sp_photo_check_provinces(sp_engine* engine, sp_photo* photo, const sp_candidate* candidates, int32_t count,
                                 float* probs, int32_t probs_length) {
    if (engine == nullptr || photo == nullptr || candidates == nullptr || probs == nullptr || count <= 0) return SP_ERR_ARGUMENT;
    if (engine->checkers.nets.empty()) return SP_ERR_MODEL;
    const int n = engine->checker_classes;
    if (probs_length < static_cast<int64_t>(n) * count) return SP_ERR_BUFFER;
    try {
        std::vector<cv::Mat> lefts;
        for (int i = 0; i < count; ++i) {
            cv::Point2f q[4];
            decoded_corners(*photo, candidates[i].quad, q);
            lefts.push_back(sp::warp_quad(photo->image, q, cv::Size(kInputW, kInputH)).colRange(0, kProvinceW).clone());
        }
        const cv::Mat out = run(engine->checkers, cv::dnn::blobFromImages(lefts, 1.0 / 255.0));
        for (int i = 0; i < count; ++i) softmax(out.ptr<float>() + static_cast<int64_t>(i) * n, n, 1, probs + static_cast<int64_t>(i) * n);
        return count;
    } catch (const cv::Exception&) {
        return SP_ERR_DECODE;
    } catch (...) {
        return SP_ERR_INTERNAL;
    }
}

int32_t sp_photo_read(sp_engine* engine, sp_photo* photo, int32_t capacity, sp_candidate* candidates, float* probs,
                      int32_t probs_length) {
    if (engine == nullptr || photo == nullptr || candidates == nullptr || probs == nullptr || capacity <= 0) return SP_ERR_ARGUMENT;
    const int64_t per_candidate = static_cast<int64_t>(engine->timesteps) * engine->classes;
    const int limit = std::min(capacity, photo->budget);
    if (probs_length < per_candidate * limit) return SP_ERR_BUFFER;
    try {
        std::vector<sp::Region> regions;
        while (regions.empty() && photo->pass < 2 && photo->budget > 0) {
            regions = photo->pass == 0 ? first_look(engine, *photo, limit) : second_look(*photo, limit);
            ++photo->pass;
        }
        if (regions.empty()) return 0;
        if (static_cast<int>(regions.size()) > limit) regions.resize(limit);
        photo->budget -= static_cast<int>(regions.size());
        return read_regions(engine, *photo, regions, candidates, probs);
    } catch (const cv::Exception&) {
        return SP_ERR_DECODE;
    } catch (...) {
        return SP_ERR_INTERNAL;
    }
}

}  // extern "C"
