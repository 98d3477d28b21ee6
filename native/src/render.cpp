// Draws a flat plate from the glyph atlas so that tests (and demos) can make images of a known plate.
#include <algorithm>
#include <cstring>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "vision.h"

namespace {

constexpr int kCellW = 64;
constexpr int kCellH = 128;

}  // namespace

extern "C" int32_t sp_render_plate(const char* atlas_path, const int32_t* glyphs, int32_t count, int32_t color,
                                   int32_t plate_width, int32_t scene_width, int32_t scene_height,
                                   uint8_t* png, int32_t capacity, int32_t* needed) {
    if (atlas_path == nullptr || glyphs == nullptr || count < 1 || count > 8 || plate_width < 40 || needed == nullptr)
        return SP_ERR_ARGUMENT;
    try {
        const cv::Mat atlas = cv::imread(atlas_path, cv::IMREAD_GRAYSCALE);
        if (atlas.empty() || atlas.rows != kCellH) return SP_ERR_MODEL;
        const int cells = atlas.cols / kCellW;

        // Millimetres, as on a real plate: 140 high; 7 characters 45 wide (12 apart, 34 after the second),
        // 8 characters (new energy) 43 wide (9 apart, 49 after the second).
        const bool eight = count == 8;
        const double cw = eight ? 43 : 45, gap = eight ? 9 : 12, sep = eight ? 49 : 34, margin = 15.5;
        double width_mm = 2 * margin + count * cw + (count - 1) * gap + (count > 2 ? sep - gap : 0);
        const double s = plate_width / width_mm;
        const int W = plate_width, H = static_cast<int>(140 * s);

        cv::Vec3f top, bottom, ink;
        switch (color) {
            case SP_COLOR_YELLOW: top = bottom = {30, 190, 235}; ink = {20, 20, 20}; break;
            case SP_COLOR_GREEN: top = {235, 248, 235}; bottom = {90, 200, 60}; ink = {20, 20, 20}; break;
            case SP_COLOR_WHITE: top = bottom = {235, 235, 235}; ink = {20, 20, 20}; break;
            case SP_COLOR_BLACK: top = bottom = {20, 20, 20}; ink = {240, 240, 240}; break;
            default: top = bottom = {190, 90, 15}; ink = {245, 245, 245}; break;
        }
        cv::Mat plate(H, W, CV_32FC3);
        for (int y = 0; y < H; ++y) {
            const float t = H > 1 ? static_cast<float>(y) / (H - 1) : 0.0f;
            plate.row(y).setTo(cv::Scalar(top * (1 - t) + bottom * t));
        }
        cv::Mat mask = cv::Mat::zeros(H, W, CV_32F);
        double x = margin;
        for (int i = 0; i < count; ++i) {
            const int g = glyphs[i];
            if (g < 0 || g >= cells) return SP_ERR_ARGUMENT;
            cv::Mat cell;
            atlas(cv::Rect(g * kCellW, 0, kCellW, kCellH)).convertTo(cell, CV_32F, 1.0 / 255);
            const cv::Rect box(static_cast<int>(x * s), static_cast<int>(25 * s), static_cast<int>(cw * s), static_cast<int>(90 * s));
            cv::Mat sized;
            cv::resize(cell, sized, box.size(), 0, 0, cv::INTER_AREA);
            cv::Mat roi = mask(box & cv::Rect(0, 0, W, H));
            cv::max(roi, sized(cv::Rect(0, 0, roi.cols, roi.rows)), roi);
            x += cw + (i == 1 ? sep : gap);
        }
        if (count >= 7) {
            const double dot = margin + 2 * cw + gap + sep / 2 - gap;
            cv::circle(mask, cv::Point(static_cast<int>(dot * s), static_cast<int>(70 * s)), std::max(1, static_cast<int>(5 * s)), 1.0, -1, cv::LINE_AA);
        }
        cv::rectangle(mask, cv::Rect(static_cast<int>(3 * s), static_cast<int>(3 * s), W - static_cast<int>(6 * s), H - static_cast<int>(6 * s)),
                      1.0, std::max(1, static_cast<int>(1.5 * s)), cv::LINE_AA);
        std::vector<cv::Mat> ch(3);
        cv::split(plate, ch);
        for (int c = 0; c < 3; ++c) ch[c] = ch[c].mul(1 - mask) + mask * ink[c];
        cv::merge(ch, plate);
        cv::Mat out;
        plate.convertTo(out, CV_8UC3);

        if (scene_width > 0 && scene_height > 0) {
            if (scene_width < W + 4 || scene_height < H + 4) return SP_ERR_ARGUMENT;
            cv::Mat scene(scene_height, scene_width, CV_8UC3);
            for (int y = 0; y < scene_height; ++y) {
                const int v = 90 + 80 * y / scene_height;
                scene.row(y).setTo(cv::Scalar(v, v, v + 10));
            }
            const int px = (scene_width - W) / 2, py = std::min(scene_height - H - 2, scene_height * 3 / 5);
            cv::rectangle(scene, cv::Rect(std::max(0, px - W / 2), std::max(0, py - H * 2), std::min(scene_width, W * 2), std::min(scene_height - std::max(0, py - H * 2), H * 4)),
                          cv::Scalar(60, 60, 70), -1);
            out.copyTo(scene(cv::Rect(px, py, W, H)));
            out = scene;
        }
        std::vector<uint8_t> buffer;
        if (!cv::imencode(".png", out, buffer)) return SP_ERR_INTERNAL;
        *needed = static_cast<int32_t>(buffer.size());
        if (png == nullptr || capacity < static_cast<int32_t>(buffer.size())) return SP_ERR_BUFFER;
        std::memcpy(png, buffer.data(), buffer.size());
        return static_cast<int32_t>(buffer.size());
    } catch (...) {
        return SP_ERR_INTERNAL;
    }
}
